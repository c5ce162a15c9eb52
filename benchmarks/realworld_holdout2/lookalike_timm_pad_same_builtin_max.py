# Source: huggingface/pytorch-image-models timm/layers/padding.py (get_same_padding, pad_same)
#   and timm/layers/conv2d_same.py (conv2d_same), paraphrased: `def get_same_padding(x, kernel_size,
#   stride, dilation): return max((math.ceil(x / stride) - 1) * stride + (kernel_size - 1) *
#   dilation + 1 - x, 0)`, `def pad_same(x, kernel_size, stride, dilation=(1, 1), value=0): ih, iw =
#   x.size()[-2:]; pad_h = get_same_padding(ih, kernel_size[0], stride[0], dilation[0]); pad_w =
#   get_same_padding(iw, ...); x = F.pad(x, (pad_w // 2, pad_w - pad_w // 2, pad_h // 2, pad_h -
#   pad_h // 2), value=value)`, `x = pad_same(x, weight.shape[-2:], stride, dilation); return
#   F.conv2d(x, weight, bias, stride, (0, 0), dilation, groups)`.
# Look-alike: Python `max(..., 0)` and `math.ceil` on the dynamic image size look like size math
#   frozen at trace time (the pad is 0 for even sizes and 1 for odd ones with this stride-2,
#   kernel-2 conv), but torch 2.13 keeps both symbolic: exports and matches eager on odd and even
#   unseen sizes (measured).
import math

import torch
import torch.nn.functional as F
from torch import nn
from torch.export import Dim


def get_same_padding(x, kernel_size, stride, dilation):
    return max((math.ceil(x / stride) - 1) * stride + (kernel_size - 1) * dilation + 1 - x, 0)


def pad_same(x, kernel_size, stride, dilation=(1, 1), value=0):
    ih, iw = x.size()[-2:]
    pad_h = get_same_padding(ih, kernel_size[0], stride[0], dilation[0])
    pad_w = get_same_padding(iw, kernel_size[1], stride[1], dilation[1])
    return F.pad(x, (pad_w // 2, pad_w - pad_w // 2, pad_h // 2, pad_h - pad_h // 2), value=value)


class Conv2dSame(nn.Conv2d):
    def forward(self, x):
        x = pad_same(x, self.weight.shape[-2:], self.stride, self.dilation)
        return F.conv2d(x, self.weight, self.bias, self.stride, (0, 0), self.dilation, self.groups)


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = Conv2dSame(3, 4, kernel_size=2, stride=2)
        self.head = nn.Conv2d(4, 2, 1)

    def forward(self, x):
        return self.head(torch.relu(self.stem(x)))


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 3, 16, 12),), (torch.randn(1, 3, 15, 21),), (torch.randn(3, 3, 9, 10),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
