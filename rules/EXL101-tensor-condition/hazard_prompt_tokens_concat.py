import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Mask decoder that appends the prompt tokens only when some prompt is given: the two
    branches give token sequences of different lengths."""

    def __init__(self):
        super().__init__()
        self.tokens = torch.nn.Parameter(torch.randn(3, 8))
        self.mix = torch.nn.Linear(8, 8)

    def forward(self, image, prompts):
        # image: (batch, 8), prompts: (batch, n_prompts, 8), all zeros when there is none
        tokens = self.tokens.expand(image.shape[0], -1, -1)
        if prompts.abs().sum() > 0:  # expect: EXL101
            tokens = torch.cat((tokens, prompts), dim=1)
        pooled = self.mix(tokens).mean(dim=1)
        return pooled + image


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 8), torch.randn(2, 4, 8)),
    (torch.randn(3, 8), torch.zeros(3, 2, 8)),
    (torch.randn(4, 8), torch.randn(4, 5, 8)),
]
dynamic_shapes = ({0: Dim.DYNAMIC}, {0: Dim.DYNAMIC, 1: Dim.DYNAMIC})
