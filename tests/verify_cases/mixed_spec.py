"""x positional, y by keyword, with dynamic_shapes as onnx-diagnostic's
ModelInputs.guess_dynamic_shapes() returns them: (args spec, kwargs spec). torch.export takes
neither that nor separate specs for args and kwargs; the verifier moves them to the names."""

import torch
from torch.export import Dim


class Model(torch.nn.Module):
    def forward(self, x, y):
        return x + y


model = Model()
example_inputs = [
    ((torch.randn((5, 6)),), dict(y=torch.randn((1, 6)))),
    ((torch.randn((7, 8)),), dict(y=torch.randn((1, 8)))),
]
dynamic_shapes = (({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},), {"y": {1: Dim.DYNAMIC}})
