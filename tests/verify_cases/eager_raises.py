"""Raises in eager mode on the second input set: reported as not verifiable."""

import torch
from torch.export import Dim


class Model(torch.nn.Module):
    def forward(self, x):
        if x.shape[0] > 4:
            raise ValueError("batch too large for this model")
        return x + 1


example_inputs = [(torch.randn(3, 4),), (torch.randn(6, 4),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
