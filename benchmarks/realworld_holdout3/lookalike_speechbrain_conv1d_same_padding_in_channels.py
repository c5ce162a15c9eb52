# Source: speechbrain/speechbrain speechbrain/nnet/CNN.py (get_padding_elem, Conv1d.forward and
#   Conv1d._manage_padding, padding="same", padding_mode="reflect", skip_transpose=False; the
#   weight init and input-shape checks are cut): `def get_padding_elem(L_in: int, stride: int,
#   kernel_size: int, dilation: int): if stride > 1: padding = [math.floor(kernel_size / 2),
#   math.floor(kernel_size / 2)] else: L_out = (math.floor((L_in - dilation * (kernel_size - 1) -
#   1) / stride) + 1); padding = [math.floor((L_in - L_out) / 2), math.floor((L_in - L_out) /
#   2)]; return padding`; forward: `if not self.skip_transpose: x = x.transpose(1, -1)`, `if
#   self.padding == "same": x = self._manage_padding(x, self.kernel_size, self.dilation,
#   self.stride)`, `wx = self.conv(x)`, `if not self.skip_transpose: wx = wx.transpose(1, -1)`;
#   `def _manage_padding(self, x, kernel_size: int, dilation: int, stride: int): # Detecting input
#   shape; L_in = self.in_channels; # Time padding; padding = get_padding_elem(L_in, stride,
#   kernel_size, dilation); x = F.pad(x, padding, mode=self.padding_mode)`.
# Look-alike: the "same" padding is computed with `math.floor` on a length, but the length
#   passed is `self.in_channels`, a number fixed when the layer is built (the padding only
#   depends on kernel and dilation): exports, converts and matches eager on unseen time lengths.
import math

import torch
import torch.nn.functional as F
from torch import nn
from torch.export import Dim


def get_padding_elem(L_in, stride, kernel_size, dilation):
    if stride > 1:
        padding = [math.floor(kernel_size / 2), math.floor(kernel_size / 2)]
    else:
        L_out = math.floor((L_in - dilation * (kernel_size - 1) - 1) / stride) + 1
        padding = [math.floor((L_in - L_out) / 2), math.floor((L_in - L_out) / 2)]
    return padding


class Conv1d(nn.Module):
    def __init__(self, out_channels, kernel_size, in_channels, stride=1, dilation=1, padding="same", padding_mode="reflect", skip_transpose=False):
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = stride
        self.dilation = dilation
        self.padding = padding
        self.padding_mode = padding_mode
        self.skip_transpose = skip_transpose
        self.in_channels = in_channels
        self.conv = nn.Conv1d(in_channels, out_channels, self.kernel_size, stride=self.stride, dilation=self.dilation, padding=0)

    def forward(self, x):
        if not self.skip_transpose:
            x = x.transpose(1, -1)
        if self.padding == "same":
            x = self._manage_padding(x, self.kernel_size, self.dilation, self.stride)
        elif self.padding == "causal":
            num_pad = (self.kernel_size - 1) * self.dilation
            x = F.pad(x, (num_pad, 0))
        wx = self.conv(x)
        if not self.skip_transpose:
            wx = wx.transpose(1, -1)
        return wx

    def _manage_padding(self, x, kernel_size, dilation, stride):
        L_in = self.in_channels
        padding = get_padding_elem(L_in, stride, kernel_size, dilation)
        x = F.pad(x, padding, mode=self.padding_mode)
        return x


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = Conv1d(8, 5, in_channels=4)
        self.conv2 = Conv1d(8, 3, in_channels=8, dilation=2)

    def forward(self, feats):
        return self.conv2(torch.relu(self.conv1(feats)))


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 12, 4),), (torch.randn(3, 21, 4),), (torch.randn(2, 9, 4),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim("t", min=6, max=4096)},)
