"""Named Dims with ranges and a derived dim: y.shape[0] is 2 * dx, dx in [4, 8].

Input set 1 has dx = 9 (above the max) and input set 2 an odd y.shape[0] (not 2 * dx): both
are outside the declared dynamic shapes, reported as such and not checked. The only set left
has the traced sizes, so the verifier chooses others: dx = 7 (8 + 1 is above the max), y of
14 rows.
"""

import torch
from torch.export import Dim


class Model(torch.nn.Module):
    def forward(self, x, y):
        return torch.cat([x, x], dim=0)[:, :1] + y[:, :1]


dx = Dim("dx", min=4, max=8)
dh = Dim("dh", max=512)
model = Model()
example_inputs = [
    (torch.randn(8, 3), torch.randn(16, 5)),
    (torch.randn(9, 3), torch.randn(18, 5)),
    (torch.randn(6, 3), torch.randn(13, 5)),
]
dynamic_shapes = {"x": (dx, None), "y": (2 * dx, dh)}
