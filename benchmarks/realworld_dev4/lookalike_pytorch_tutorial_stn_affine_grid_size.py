# Source: pytorch/tutorials intermediate_source/spatial_transformer_tutorial.py (Net.stn):
#   `xs = self.localization(x)`, `xs = xs.view(-1, 10 * 3 * 3)`, `theta = self.fc_loc(xs)`,
#   `theta = theta.view(-1, 2, 3)`, `grid = F.affine_grid(theta, x.size())`, `x = F.grid_sample(x,
#   grid)`.
# Look-alike (measured on torch 2.13: exports, converts and matches eager on unseen sizes; the
#   failure one would expect does not happen). The expected failure was: `affine_grid` takes the output size as a list of ints; passing the input's dynamic
#   size specialises it (or the ONNX graph keeps the traced size).
import torch
import torch.nn.functional as F
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.localization = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.AdaptiveAvgPool2d(3), nn.ReLU())
        self.fc_loc = nn.Linear(4 * 3 * 3, 6)

    def forward(self, x):
        xs = self.localization(x)
        xs = xs.view(-1, 4 * 3 * 3)
        theta = self.fc_loc(xs)
        theta = theta.view(-1, 2, 3)
        grid = F.affine_grid(theta, x.size(), align_corners=False)
        return F.grid_sample(x, grid, align_corners=False)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 1, 12, 12),), (torch.randn(1, 1, 12, 12),), (torch.randn(3, 1, 12, 12),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
