import torch
import torch.nn.functional as F
from torch.export import Dim


class Model(torch.nn.Module):
    """A spatial transformer that resamples the input on a grid of the input's own size."""

    def __init__(self):
        super().__init__()
        self.loc = torch.nn.Linear(2, 6)

    def forward(self, x):
        theta = self.loc(x.mean((2, 3))).view(-1, 2, 3)
        n, c, h, w = x.shape
        grid = F.affine_grid(theta, [n, c, h, w], align_corners=False)  # expect: EXL304
        return F.grid_sample(x, grid, align_corners=False)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 2, 10, 12),),
    (torch.randn(3, 2, 7, 9),),
    (torch.randn(2, 2, 14, 6),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
