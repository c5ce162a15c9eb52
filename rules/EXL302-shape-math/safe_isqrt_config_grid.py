import math

import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Fold ViT patch tokens back into a square feature map and pool it 2x2.

    The side comes from the configuration (a constant), not from the dynamic batch.
    """

    def __init__(self):
        super().__init__()
        self.num_patches = 16
        self.proj = torch.nn.Conv2d(8, 8, 2, stride=2)

    def forward(self, tokens):
        # tokens: (batch, 16, 8)
        side = math.isqrt(self.num_patches)
        grid = tokens.transpose(1, 2).reshape(tokens.shape[0], 8, side, side)
        return self.proj(grid).flatten(2).mean(-1)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 16, 8),),
    (torch.randn(3, 16, 8),),
    (torch.randn(5, 16, 8),),
]
dynamic_shapes = ({0: Dim.DYNAMIC},)
