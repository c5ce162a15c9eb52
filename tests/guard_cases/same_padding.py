"""TF "SAME" padding: a size test whose branches assign Python ints (`max(k - s, 0)` is a
plain int, `max(k - h % s, 0)` a size). torch.cond cannot return an int; the fix chooses
with `torch.sym_ite`, the constant side lifted to a size by `+ 0 * <size>`. Spelled in a
method on `self` config and in a helper with the size passed in."""

import torch
import torch.nn.functional as F
from torch import nn
from torch.export import Dim


def same_pad(size, kernel, stride):
    # the total padding TensorFlow adds
    if size % stride == 0:  # noqa: SIM108
        pad = max(kernel - stride, 0)
    else:
        pad = max(kernel - (size % stride), 0)
    return pad


class Model(nn.Module):
    def __init__(self, k=3, stride=2):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, k, stride=stride)
        self.k = k
        self.stride = stride

    def forward(self, x):
        in_h, in_w = x.shape[2], x.shape[3]
        if in_h % self.stride == 0:  # even height
            pad_h = max(self.k - self.stride, 0)
        else:
            pad_h = max(self.k - in_h % self.stride, 0)
        pad_w = same_pad(in_w, self.k, self.stride)
        x = F.pad(x, [pad_w // 2, pad_w - pad_w // 2, pad_h // 2, pad_h - pad_h // 2])
        return self.conv(x)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 3, 16, 17),),
    (torch.randn(3, 3, 9, 12),),
    (torch.randn(2, 3, 11, 10),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
