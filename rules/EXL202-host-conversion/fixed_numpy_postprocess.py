import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Multi-label tagger that post-processes its probabilities on the host.

    .numpy() leaves the traced graph: export cannot follow a tensor into numpy.
    """

    def __init__(self):
        super().__init__()
        self.threshold = 0.5
        self.classifier = torch.nn.Sequential(
            torch.nn.Linear(10, 16), torch.nn.ReLU(), torch.nn.Linear(16, 5)
        )

    def forward(self, features):
        probs = torch.sigmoid(self.classifier(features))
        probs_np = probs.detach().cpu()  # expect: EXL202
        labels = (probs_np > self.threshold).to(torch.float32)
        return torch.as_tensor(labels)


torch.manual_seed(0)
example_inputs = [(torch.randn(4, 10),), (torch.randn(7, 10),), (torch.randn(2, 10),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
