import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Position-embedding interpolation to the target grid given by `size=` (integer sizes
    stay symbolic): the look-alike of the scale-factor version that exports dynamically."""

    def __init__(self, patch_size=4, dim=8):
        super().__init__()
        self.patch_size = patch_size
        self.patch = torch.nn.Conv2d(3, dim, patch_size, stride=patch_size)
        self.pos_embed = torch.nn.Parameter(torch.randn(1, dim, 4, 4))

    def forward(self, x):
        h0 = x.shape[-2] // self.patch_size
        w0 = x.shape[-1] // self.patch_size
        pos = torch.nn.functional.interpolate(
            self.pos_embed, size=(h0, w0), mode="bilinear", align_corners=False
        )
        return self.patch(x) + pos


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 3, 16, 20),), (torch.randn(3, 3, 24, 12),), (torch.randn(2, 3, 8, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
