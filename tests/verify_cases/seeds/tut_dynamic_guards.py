"""torch.export tutorial, "Basic concepts": DynamicModel with an assert, torch._check and a
shape condition, all dims Dim.AUTO.

torch.export turns them into range constraints (w.shape[0] <= 512, x.shape[0] >= 4) and
w.shape[0] == x.shape[0] + 2; w.shape[1] comes out static (5), as Dim.AUTO allows.
"""

import torch
from torch.export.dynamic_shapes import Dim


class DynamicModel(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.l = torch.nn.Linear(5, 3)

    def forward(self, w, x, y, z):
        assert w.shape[0] <= 512
        torch._check(x.shape[0] >= 4)
        if w.shape[0] == x.shape[0] + 2:
            x0 = x + y
            x1 = self.l(w)
            x2 = x0.flatten()
            x3 = x2 + z
            return x1, x3
        else:
            return w


model = DynamicModel()
example_inputs = [(torch.randn(6, 5), torch.randn(4), torch.randn(8, 4), torch.randn(32))]
dynamic_shapes = {
    "w": (Dim.AUTO, Dim.AUTO),
    "x": (Dim.AUTO,),
    "y": (Dim.AUTO, Dim.AUTO),
    "z": (Dim.AUTO,),
}
