"""onnx-diagnostic, "Dynamic Shapes for *args, **kwargs": x positional, y by keyword.

ModelInputs guesses (({0: DYN, 1: DYN},), {"y": {1: DYN}}), which torch.export does not take
for args and kwargs at once; move_to_kwargs() moves x to the keyword arguments. The verifier
does the same: the guess is x.shape[0], x.shape[1], y.shape[1]; it exports, ONNX matches.
"""

import torch


class Model(torch.nn.Module):
    def forward(self, x, y):
        return x + y


model = Model()
example_inputs = [
    ((torch.randn((5, 6)),), dict(y=torch.randn((1, 6)))),
    ((torch.randn((7, 8)),), dict(y=torch.randn((1, 8)))),
]
