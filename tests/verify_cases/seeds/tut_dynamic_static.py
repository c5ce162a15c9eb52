"""torch.export tutorial, "Constraints/Dynamic Shapes": DynamicModel exported static.

The program only takes the traced shapes: ep.module() fails on y of (3, 4) and z of (12,),
which eager accepts."""

import torch


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
example_inputs = [(w, x, y, z), (w, x, torch.randn(3, 4), torch.randn(12))]
dynamic_shapes = {"w": None, "x": None, "y": None, "z": None}
