# Source: huggingface/pytorch-image-models timm/layers/padding.py (get_same_padding, pad_same) and
#   timm/layers/conv2d_same.py (conv2d_same, Conv2dSame for the tf_efficientnet / tf_mobilenetv3
#   ports): `def get_same_padding(x: int, kernel_size: int, stride: int, dilation: int): return
#   max((math.ceil(x / stride) - 1) * stride + (kernel_size - 1) * dilation + 1 - x, 0)`, `ih, iw =
#   x.size()[-2:]`, `pad_h = get_same_padding(ih, kernel_size[0], stride[0], dilation[0])`, `if
#   pad_h > 0 or pad_w > 0: x = F.pad(x, [pad_w // 2, pad_w - pad_w // 2, pad_h // 2, pad_h - pad_h
#   // 2], value=value)`.
# Look-alike: with kernel 3 and stride 2 the padding is positive for every size, and torch
#   decides `max(..., 0)` and `pad_h > 0` symbolically: exports and matches eager on unseen sizes.
import math
from typing import List, Tuple

import torch
import torch.nn.functional as F
from torch import nn
from torch.export import Dim


def get_same_padding(x: int, kernel_size: int, stride: int, dilation: int):
    return max((math.ceil(x / stride) - 1) * stride + (kernel_size - 1) * dilation + 1 - x, 0)


def pad_same(x, kernel_size: List[int], stride: List[int], dilation: List[int] = (1, 1), value: float = 0):
    ih, iw = x.size()[-2:]
    pad_h = get_same_padding(ih, kernel_size[0], stride[0], dilation[0])
    pad_w = get_same_padding(iw, kernel_size[1], stride[1], dilation[1])
    if pad_h > 0 or pad_w > 0:
        x = F.pad(x, [pad_w // 2, pad_w - pad_w // 2, pad_h // 2, pad_h - pad_h // 2], value=value)
    return x


class Conv2dSame(nn.Conv2d):
    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True):
        super().__init__(in_channels, out_channels, kernel_size, stride, 0, dilation, groups, bias)

    def forward(self, x):
        x = pad_same(x, self.kernel_size, self.stride, self.dilation)
        return F.conv2d(x, self.weight, self.bias, self.stride, (0, 0), self.dilation, self.groups)


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv_stem = Conv2dSame(3, 4, 3, stride=2)

    def forward(self, x):
        return self.conv_stem(x)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 3, 8, 8),), (torch.randn(1, 3, 9, 7),), (torch.randn(3, 3, 12, 11),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
