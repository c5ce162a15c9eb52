import math

import torch
from torch import nn
from torch.export import Dim

# The same rounding up on a configured size, not on the input's: a static number.


class Model(nn.Module):
    def __init__(self, frames=10):
        super().__init__()
        self.frames = frames
        self.proj = nn.Linear(4, 4)

    def forward(self, x):
        # x: (batch, frames, 4), frames fixed by the configuration
        padded = int(math.ceil(self.frames / 4) * 4)
        x = torch.cat([x, x.new_zeros(x.shape[0], padded - self.frames, 4)], dim=1)
        return self.proj(x.reshape(x.shape[0], padded // 4, 4, 4).mean(dim=2))


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 10, 4),),
    (torch.randn(3, 10, 4),),
    (torch.randn(5, 10, 4),),
]
dynamic_shapes = ({0: Dim.DYNAMIC},)
