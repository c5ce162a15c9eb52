"""The shape EXL101's `torch.cond` rewrite of an outer `if` gives when the inner `if` (on a
window read out of a tensor) is left as it is: export fails inside the branch (`Could not
guard on data-dependent expression -u0 + u1 > 2`, wrapped by the higher-order op, which names
the branch's line, with no frame of this file). On every example the window is wide, so the
check `high - low > 2` goes in the branch body, before its `if`. (Eager `torch.cond` traces
the branch with dynamo and raises the same way: the worker reads the examples with the
branches run in plain Python.)"""

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
    (torch.randn(3, 4), torch.tensor([0, 7])),
]
dynamic_shapes = ({0: Dim.DYNAMIC}, None)
