import numpy as np
import torch
from torch import nn
from torch.export import Dim

# Normalised centre coordinates of a grid of patches built with numpy from the number of
# patches (detection heads that add a box prior per patch): numpy runs once at trace time,
# so the traced grid is baked into the graph.


class Model(nn.Module):
    def __init__(self, dim=6):
        super().__init__()
        self.head = nn.Linear(dim, 2)

    def centres(self, side):
        ticks = torch.arange(side) + 0.5  # expect: EXL301
        grid = torch.stack(torch.meshgrid(ticks, ticks, indexing="xy"), dim=-1).reshape(-1, 2)
        grid = grid / torch.tensor([side, side])
        return torch.as_tensor(grid).float()

    def forward(self, patches):
        # patches: (batch, side, side, dim)
        b, side, _, dim = patches.shape
        offsets = self.head(patches.reshape(b, side * side, dim))
        return offsets + self.centres(side)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 4, 4, 6),), (torch.randn(1, 6, 6, 6),), (torch.randn(3, 3, 3, 6),)]
_side = Dim("side")
dynamic_shapes = ({0: Dim.DYNAMIC, 1: _side, 2: _side},)
