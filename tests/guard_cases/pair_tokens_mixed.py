"""The look-alike of pair_tokens_even.py: one example's count is odd, so no check on the
parity holds on every example; no follow-up is offered and nothing is written."""

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
    (torch.randn(3, 9, 3), torch.tensor([2, 7, 4])),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
