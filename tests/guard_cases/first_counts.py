"""Keep the leading rows, the counts handed over in a dict of tensors: `int(parts["first"])`
of a tensor asks for a specialized integer under export; `parts["first"].item()` is the same
number kept symbolic, and the float count (`int(parts["mean"])`) becomes
`torch.sym_int(parts["mean"].item())`, one follow-up after the other."""

import torch
from torch.export import Dim


def leading(x, parts):
    first = x[: int(parts["first"])]
    # the average count, truncated like int() does
    rest = x[: int(parts["mean"])]
    return first.sum(0) + rest.sum(0)


class Model(torch.nn.Module):
    def forward(self, x, counts):
        parts = dict(zip(("first", "mean"), (counts[0], counts.float().mean())))
        return leading(x, parts)


example_inputs = [
    (torch.randn(6, 3), torch.tensor([2, 5, 3])),
    (torch.randn(8, 3), torch.tensor([4, 1, 2, 3])),
]
dynamic_shapes = ({0: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
