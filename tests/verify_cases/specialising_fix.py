"""A "fix" of specialising_original.py that exports (Dim.AUTO) but bakes the length in."""

import torch
from torch.export import Dim


class Model(torch.nn.Module):
    def forward(self, x):
        # x: (batch, seq)
        return x.sum(dim=1) / float(x.shape[1])


example_inputs = [(torch.randn(2, 8),), (torch.randn(3, 12),), (torch.randn(2, 6),)]
dynamic_shapes = ({0: Dim.AUTO, 1: Dim.AUTO},)
