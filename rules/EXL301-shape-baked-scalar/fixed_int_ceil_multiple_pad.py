import math

import torch
from torch import nn
from torch.nn import functional as F
from torch.export import Dim

# Pad the sequence up to a multiple of the window (MobileViT's unfolding, Swin's window
# padding): `int()` of the rounded-up length asks export for the traced number.


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.proj = nn.Linear(4, 4)

    def forward(self, x):
        # x: (batch, length, 4)
        length = x.shape[1]
        padded = math.ceil(length / 4) * 4  # expect: EXL301
        x = F.pad(x, (0, 0, 0, padded - length))
        windows = x.reshape(x.shape[0], padded // 4, 4, 4)
        return self.proj(windows.mean(dim=2))


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 10, 4),),
    (torch.randn(3, 7, 4),),
    (torch.randn(2, 16, 4),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
