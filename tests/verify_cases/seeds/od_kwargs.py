"""onnx-diagnostic, "Dynamic Shapes for *args, **kwargs": keyword arguments only.

Two input sets of keyword arguments (a dict is an input set of keyword arguments); the guess
is x.shape[0], x.shape[1], y.shape[1]. torch 2.13 exports it, ONNX matches.
"""

import torch


class Model(torch.nn.Module):
    def forward(self, x, y):
        return x + y


model = Model()
example_inputs = [
    dict(x=torch.randn((5, 6)), y=torch.randn((1, 6))),
    dict(x=torch.randn((7, 8)), y=torch.randn((1, 8))),
]
