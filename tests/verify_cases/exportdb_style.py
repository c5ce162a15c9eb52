"""ExportDB style: a module-level `model` instance, example_args, example_kwargs."""

import torch
from torch.export import Dim


class FnWithKwargs(torch.nn.Module):
    def forward(self, pos0, *, mykw0, scale=1.0):
        return (pos0 + mykw0) * scale


example_args = (torch.randn(4, 3),)
example_kwargs = {"mykw0": torch.randn(4, 3)}
dynamic_shapes = {"pos0": {0: Dim.DYNAMIC}, "mykw0": {0: Dim.DYNAMIC}}
model = FnWithKwargs()
