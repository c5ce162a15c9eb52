"""torch.export tutorial, "Basic concepts": x Dim.STATIC, y.shape[1] Dim.DYNAMIC.

x + y ties y.shape[1] to x.shape[0], which is static: torch.export raises."""

import torch
from torch.export.dynamic_shapes import Dim


class DynamicModel(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.l = torch.nn.Linear(5, 3)

    def forward(
        self,
        w: torch.Tensor,  # [6, 5]
        x: torch.Tensor,  # [4]
        y: torch.Tensor,  # [8, 4]
        z: torch.Tensor,  # [32]
    ):
        x0 = x + y  # [8, 4]
        x1 = self.l(w)  # [6, 3]
        x2 = x0.flatten()  # [32]
        x3 = x2 + z  # [32]
        return x1, x3


model = DynamicModel()
w = torch.randn(6, 5)
x = torch.randn(4)
y = torch.randn(8, 4)
z = torch.randn(32)
example_inputs = [(w, x, y, z)]
dynamic_shapes = {
    "w": (Dim.AUTO, Dim.AUTO),
    "x": (Dim.STATIC,),
    "y": (Dim.AUTO, Dim.DYNAMIC),
    "z": (Dim.AUTO,),
}
