"""A look-alike of pad_rows_config.py: the count kept in a dict of sizes drives a Python loop
(`range(int(sizes["n"]))`). Keeping `int(...)` symbolic does not help (`range` needs a plain
integer too): the follow-up fails verification and nothing is written."""

import torch
from torch.export import Dim


def repeat_rows(x, sizes):
    out = []
    for i in range(int(sizes["n"])):
        out.append(x[i % x.shape[0]])
    return torch.stack(out)


class Model(torch.nn.Module):
    def forward(self, x, bounds):
        low, high = bounds.tolist()
        sizes = {"n": high - low}
        return repeat_rows(x, sizes).mean(0)


example_inputs = [
    (torch.randn(4, 3), torch.tensor([2, 5])),
    (torch.randn(6, 3), torch.tensor([1, 4])),
]
dynamic_shapes = ({0: Dim.DYNAMIC}, None)
