"""Tokens paired up two by two, the count read out of a tensor: an odd count drops its last
token first. Export cannot decide `n % 2 == 1` (`Eq(Mod(u0, 2), 1)`: torch's own function,
no plain Python condition); the line's own test is the condition, and on every example the
count is even, so `torch._check(n % 2 != 1)` goes before the `if`."""

import torch
from torch.export import Dim


def pair_up(x, n):
    # drop the odd one out so that the tokens pair up
    if n % 2 == 1:
        n = n - 1
    return x[:, :n].reshape(x.shape[0], -1, 2 * x.shape[2])


class Model(torch.nn.Module):
    def forward(self, x, lengths):
        n = lengths.max().item()
        return pair_up(x, n).mean(1)


example_inputs = [
    (torch.randn(2, 8, 3), torch.tensor([4, 6])),
    (torch.randn(3, 9, 3), torch.tensor([2, 8, 4])),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
