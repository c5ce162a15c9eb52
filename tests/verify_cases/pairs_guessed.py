"""Our style with (args, kwargs) pairs, nested inputs and no dynamic_shapes: guessed."""

import torch


class Model(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.proj = torch.nn.Linear(4, 4)

    def forward(self, x, pair, *, mask):
        h = self.proj(x) * mask[..., None]
        return h.sum(dim=1) + pair[0].sum() - pair[1].mean()


example_inputs = [
    ((torch.randn(2, 5, 4), [torch.randn(3), torch.randn(2, 2)]), {"mask": torch.ones(2, 5)}),
    ((torch.randn(3, 7, 4), [torch.randn(3), torch.randn(4, 2)]), {"mask": torch.ones(3, 7)}),
]
