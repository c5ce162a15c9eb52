import math

import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """DINO-style position-embedding interpolation: the scale factor is a Python float
    computed from the dynamic image size, so export bakes it (the dims come out static)."""

    def __init__(self, patch_size=4, num_patches=16, dim=8):
        super().__init__()
        self.patch_size = patch_size
        self.patch = torch.nn.Conv2d(3, dim, patch_size, stride=patch_size)
        self.pos_embed = torch.nn.Parameter(torch.randn(1, dim, 4, 4))

    def forward(self, x):
        w0 = x.shape[-2] // self.patch_size + 0.1
        h0 = x.shape[-1] // self.patch_size + 0.1
        side = math.sqrt(16)
        pos = torch.nn.functional.interpolate(
            self.pos_embed,
            scale_factor=(w0 / side, h0 / side),  # expect: EXL301
            mode="bicubic",
        )
        return self.patch(x) + pos


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 3, 16, 20),), (torch.randn(3, 3, 24, 12),), (torch.randn(2, 3, 8, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
