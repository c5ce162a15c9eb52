import math

import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Fold ViT patch tokens back into a square feature map and pool it 2x2.

    math.isqrt of the token count: export needs a Python int and fixes the count to the
    traced one (Constraints violated).
    """

    def __init__(self):
        super().__init__()
        self.proj = torch.nn.Conv2d(8, 8, 2, stride=2)

    def forward(self, tokens):
        # tokens: (batch, side * side, 8)
        side = torch.sym_int(tokens.shape[1] ** 0.5)  # expect: EXL302
        grid = tokens.transpose(1, 2).reshape(tokens.shape[0], 8, side, side)
        return self.proj(grid).flatten(2).mean(-1)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 16, 8),),
    (torch.randn(3, 36, 8),),
    (torch.randn(2, 64, 8),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
