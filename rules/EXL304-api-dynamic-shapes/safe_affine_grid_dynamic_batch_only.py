import torch
import torch.nn.functional as F
from torch.export import Dim


class Model(torch.nn.Module):
    """The same resampling on fixed-size crops: only the batch is dynamic, and affine_grid keeps
    a dynamic batch symbolic (measured on torch 2.13)."""

    def __init__(self):
        super().__init__()
        self.loc = torch.nn.Linear(2, 6)

    def forward(self, crops):
        theta = self.loc(crops.mean((2, 3))).view(-1, 2, 3)
        grid = F.affine_grid(theta, crops.size(), align_corners=False)
        return F.grid_sample(crops, grid, align_corners=False)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 2, 8, 8),),
    (torch.randn(3, 2, 8, 8),),
    (torch.randn(5, 2, 8, 8),),
]
dynamic_shapes = ({0: Dim.DYNAMIC},)
