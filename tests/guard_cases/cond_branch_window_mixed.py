"""The look-alike of cond_branch_window.py: the window is wide on one example and narrow on
the other, so no `torch._check` holds on every example; no follow-up, nothing written."""

import torch
from torch.export import Dim


class Model(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.proj = torch.nn.Linear(4, 4)

    def forward(self, x, bounds):
        def spread(x, bounds):
            low, high = bounds.tolist()
            # a wide window gets the projection twice
            if high - low > 2:
                return self.proj(self.proj(x))
            return self.proj(x)

        def flat(x, bounds):
            return x.clone()

        return torch.cond(x.abs().sum() > 0, spread, flat, (x, bounds))


example_inputs = [
    (torch.randn(6, 4), torch.tensor([1, 5])),
    (torch.randn(3, 4), torch.tensor([0, 1])),
]
dynamic_shapes = ({0: Dim.DYNAMIC}, None)
