import torch
import torch.nn.functional as F
from torch import nn
from torch.export import Dim

# The look-alike: a depthwise convolution whose `groups=` is the configured channel count (a
# MobileNet-style block written with the functional API): the attribute is a constant, and
# the batch and spatial sizes stay dynamic.


class Model(nn.Module):
    def __init__(self, channels=4):
        super().__init__()
        self.channels = channels
        self.weight = nn.Parameter(torch.randn(channels, 1, 3, 3))
        self.proj = nn.Conv2d(3, channels, 1)

    def forward(self, x):
        x = self.proj(x)
        out = F.conv2d(x, self.weight, padding=1, groups=self.channels)
        return torch.relu(out)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 3, 16, 16),),
    (torch.randn(3, 3, 12, 20),),
    (torch.randn(5, 3, 8, 8),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
