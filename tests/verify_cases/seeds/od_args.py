"""onnx-diagnostic, "Dynamic Shapes for *args, **kwargs": positional arguments only.

Two input sets; the dynamic shapes are guessed from them as ModelInputs.guess_dynamic_shapes()
does: x.shape[0], x.shape[1], y.shape[1]. torch 2.13 exports it, ONNX matches.
"""

import torch


class Model(torch.nn.Module):
    def forward(self, x, y):
        return x + y


model = Model()
example_inputs = [
    (torch.randn((5, 6)), torch.randn((1, 6))),
    (torch.randn((7, 8)), torch.randn((1, 8))),
]
