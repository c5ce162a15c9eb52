"""Rows padded up to a count kept in a dict of sizes: the count is read out of a tensor
(`.tolist()`), and the helper's `int(sizes["extra"])` asks for a specialized integer under
export (`Could not extract specialized integer from data-dependent expression u0`);
`torch.sym_int(sizes["extra"])` is the same number kept symbolic."""

import torch
from torch.export import Dim


def pad_rows(x, sizes):
    pad = x.new_zeros(int(sizes["extra"]), x.shape[1])  # zero rows at the end
    return torch.cat([x, pad])


class Model(torch.nn.Module):
    def forward(self, x, bounds):
        low, high = bounds.tolist()
        sizes = {"extra": high - low}
        return pad_rows(x, sizes).mean(0)


example_inputs = [
    (torch.randn(4, 3), torch.tensor([2, 5])),
    (torch.randn(6, 3), torch.tensor([1, 4])),
]
dynamic_shapes = ({0: Dim.DYNAMIC}, None)
