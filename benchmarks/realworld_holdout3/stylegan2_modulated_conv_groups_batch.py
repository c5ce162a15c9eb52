# Source: rosinality/stylegan2-pytorch model.py (ModulatedConv2d.forward, the non-fused path,
#   paraphrased): `batch, in_channel, height, width = input.shape`, `style = self.modulation(style).view(batch,
#   1, in_channel, 1, 1)`, `weight = self.scale * self.weight * style`, `if self.demodulate: demod =
#   torch.rsqrt(weight.pow(2).sum([2, 3, 4]) + 1e-8); weight = weight * demod.view(batch,
#   self.out_channel, 1, 1, 1)`, `weight = weight.view(batch * self.out_channel, in_channel,
#   self.kernel_size, self.kernel_size)`, `input = input.view(1, batch * in_channel, height,
#   width)`, `out = conv2d_gradfix.conv2d(input, weight, padding=self.padding, groups=batch)`,
#   `_, _, height, width = out.shape`, `out = out.view(batch, self.out_channel, height, width)`.
# What fails: the per-sample weights are applied as a grouped convolution with one group per
#   sample: `groups=batch` needs a Python int, so the dynamic batch size is specialised at the
#   traced value (torch.export: the batch dimension marked dynamic was specialised).
import math

import torch
import torch.nn.functional as F
from torch import nn
from torch.export import Dim


class EqualLinear(nn.Module):
    def __init__(self, in_dim, out_dim, bias_init=1.0):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(out_dim, in_dim))
        self.bias = nn.Parameter(torch.zeros(out_dim).fill_(bias_init))
        self.scale = 1 / math.sqrt(in_dim)

    def forward(self, x):
        return F.linear(x, self.weight * self.scale, bias=self.bias)


class Model(nn.Module):
    def __init__(self, in_channel=4, out_channel=6, kernel_size=3, style_dim=8):
        super().__init__()
        self.kernel_size = kernel_size
        self.in_channel = in_channel
        self.out_channel = out_channel
        self.padding = kernel_size // 2
        self.scale = 1 / math.sqrt(in_channel * kernel_size**2)
        self.weight = nn.Parameter(torch.randn(1, out_channel, in_channel, kernel_size, kernel_size))
        self.modulation = EqualLinear(style_dim, in_channel)
        self.demodulate = True

    def forward(self, input, style):
        batch, in_channel, height, width = input.shape
        style = self.modulation(style).view(batch, 1, in_channel, 1, 1)
        weight = self.scale * self.weight * style
        if self.demodulate:
            demod = torch.rsqrt(weight.pow(2).sum([2, 3, 4]) + 1e-8)
            weight = weight * demod.view(batch, self.out_channel, 1, 1, 1)
        weight = weight.view(batch * self.out_channel, in_channel, self.kernel_size, self.kernel_size)
        input = input.view(1, batch * in_channel, height, width)
        out = F.conv2d(input, weight, padding=self.padding, groups=batch)  # expect: EXL301
        _, _, height, width = out.shape
        return out.view(batch, self.out_channel, height, width)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 4, 16, 16), torch.randn(2, 8)),
    (torch.randn(3, 4, 12, 20), torch.randn(3, 8)),
    (torch.randn(5, 4, 8, 8), torch.randn(5, 8)),
]
dynamic_shapes = ({0: Dim("batch"), 2: Dim.DYNAMIC, 3: Dim.DYNAMIC}, {0: Dim("batch")})
