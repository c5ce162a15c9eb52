import torch
import torch.nn.functional as F
from torch.export import Dim


class Model(torch.nn.Module):
    """Position embeddings interpolated to the image's grid, with a fast path that returns
    them as they are when the grid is the pretraining one."""

    def __init__(self, grid=4, dim=8):
        super().__init__()
        self.grid = grid
        self.patch = torch.nn.Conv2d(3, dim, 4, stride=4)
        self.pos = torch.nn.Parameter(torch.randn(1, dim, grid, grid))

    def positions(self, height, width):
        if not torch.compiler.is_exporting() and height == self.grid and width == self.grid:  # expect: EXL102
            return self.pos
        return F.interpolate(self.pos, size=(height, width), mode="bilinear", align_corners=False)

    def forward(self, pixels):
        h = self.patch(pixels)
        return h + self.positions(h.shape[2], h.shape[3])


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 3, 16, 16),),
    (torch.randn(3, 3, 24, 20),),
    (torch.randn(2, 3, 12, 28),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
