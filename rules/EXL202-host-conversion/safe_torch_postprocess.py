import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Multi-label tagger whose post-processing stays in torch.

    torch.clip / torch.where / .float() look like the numpy version but are
    traced tensor ops.
    """

    def __init__(self):
        super().__init__()
        self.threshold = 0.5
        self.classifier = torch.nn.Sequential(
            torch.nn.Linear(10, 16), torch.nn.ReLU(), torch.nn.Linear(16, 5)
        )

    def forward(self, features):
        probs = torch.sigmoid(self.classifier(features)).detach().cpu()
        probs = torch.clip(probs, 1e-4, 1 - 1e-4)
        labels = (probs > self.threshold).float()
        confidence = torch.where(labels > 0, probs, 1 - probs).mean(dim=1)
        return labels, confidence


torch.manual_seed(0)
example_inputs = [(torch.randn(4, 10),), (torch.randn(7, 10),), (torch.randn(2, 10),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
