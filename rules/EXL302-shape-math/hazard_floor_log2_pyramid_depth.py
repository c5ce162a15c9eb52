import math

import torch
import torch.nn.functional as F
from torch.export import Dim


class Model(torch.nn.Module):
    """Image pyramid whose depth follows the input: one level per halving of the shorter
    side, the per-level statistics stacked (a multi-scale texture descriptor)."""

    def __init__(self, max_depth=8):
        super().__init__()
        self.weights = torch.nn.Parameter(torch.linspace(1.0, 0.2, max_depth))

    def forward(self, image):
        width = image.shape[-1]
        depth = int(math.log2(width))  # expect: EXL301, EXL302
        energy = F.avg_pool2d(image, 2, ceil_mode=True).abs().mean(dim=(1, 2, 3))
        return energy[:, None] * self.weights[:depth]


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 3, 8, 8),),
    (torch.randn(1, 3, 6, 20),),
    (torch.randn(2, 3, 10, 33),),
    (torch.randn(2, 3, 5, 4),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
