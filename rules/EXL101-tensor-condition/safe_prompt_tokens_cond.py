import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """The prompt tokens appended under torch.cond: the branches may differ in length, and
    the pooled result has the same shape either way."""

    def __init__(self):
        super().__init__()
        self.tokens = torch.nn.Parameter(torch.randn(3, 8))
        self.mix = torch.nn.Linear(8, 8)

    def forward(self, image, prompts):
        tokens = self.tokens.expand(image.shape[0], -1, -1)

        def with_prompts(tokens, prompts):
            return self.mix(torch.cat((tokens, prompts), dim=1)).mean(dim=1)

        def without(tokens, prompts):
            return self.mix(tokens).mean(dim=1)

        pooled = torch.cond(prompts.abs().sum() > 0, with_prompts, without, (tokens, prompts))
        return pooled + image


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 8), torch.randn(2, 4, 8)),
    (torch.randn(3, 8), torch.zeros(3, 2, 8)),
    (torch.randn(4, 8), torch.randn(4, 5, 8)),
]
dynamic_shapes = ({0: Dim.DYNAMIC}, {0: Dim.DYNAMIC, 1: Dim.DYNAMIC})
