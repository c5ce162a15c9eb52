import numpy as np
import torch
from torch import nn
from torch.export import Dim

# The look-alike: numpy builds a small array from configured numbers (an anchor scale per
# axis), not from a size of the input: the constant export bakes is the right one.


class Model(nn.Module):
    def __init__(self, dim=6, stride_y=4, stride_x=8):
        super().__init__()
        self.strides = (stride_y, stride_x)
        self.head = nn.Linear(dim, 2)

    def forward(self, patches):
        # patches: (batch, side, side, dim)
        b, side, _, dim = patches.shape
        scale = np.array([self.strides[0], self.strides[1]], np.float32)
        offsets = self.head(patches.reshape(b, side * side, dim))
        return offsets * torch.from_numpy(scale)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 4, 4, 6),), (torch.randn(1, 6, 6, 6),), (torch.randn(3, 3, 3, 6),)]
_side = Dim("side")
dynamic_shapes = ({0: Dim.DYNAMIC, 1: _side, 2: _side},)
