"""Integers chosen by size tests: an `elif` chain of constants (a stride picked by the
length) and a name assigned in one branch only (the padding to a multiple of 8 keeps its
0 otherwise). Each becomes `torch.sym_ite`, nested for the chain, the constant sides
lifted to sizes."""

import torch
import torch.nn.functional as F
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def forward(self, x):
        n = x.shape[-1]
        if n >= 32:
            step = 4
        elif n >= 16:  # medium
            step = 2
        else:
            step = 1
        extra = 0
        if n % 8 != 0:
            # up to the next multiple of 8
            extra = 8 - n % 8
        y = F.pad(x, (0, extra))
        return y.unflatten(-1, (-1, 8)).sum(-1) * step


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 20),),
    (torch.randn(3, 40),),
    (torch.randn(2, 9),),
    (torch.randn(2, 16),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
