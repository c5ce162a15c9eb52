# Source: facebookresearch/encodec encodec/modules/conv.py (get_extra_padding_for_conv1d, pad1d,
#   SConv1d.forward; paraphrased, norm layers cut; the convolutions here use pad_mode="constant",
#   as SEANet allows): `def get_extra_padding_for_conv1d(x, kernel_size, stride, padding_total=0):
#   length = x.shape[-1]; n_frames = (length - kernel_size + padding_total) / stride + 1;
#   ideal_length = (math.ceil(n_frames) - 1) * stride + (kernel_size - padding_total); return
#   ideal_length - length`; `def pad1d(x, paddings, mode='zero', value=0.): length = x.shape[-1];
#   padding_left, padding_right = paddings; assert padding_left >= 0 and padding_right >= 0,
#   (padding_left, padding_right); if mode == 'reflect': ... else: return F.pad(x, paddings, mode,
#   value)`; `B, C, T = x.shape`, `kernel_size = self.conv.conv.kernel_size[0]`, `stride =
#   self.conv.conv.stride[0]`, `dilation = self.conv.conv.dilation[0]`, `padding_total =
#   (kernel_size - 1) * dilation - (stride - 1)`, `extra_padding = get_extra_padding_for_conv1d(x,
#   kernel_size, stride, padding_total)`, `if self.causal: x = pad1d(x, (padding_total,
#   extra_padding), mode=self.pad_mode) else: padding_right = padding_total // 2; padding_left =
#   padding_total - padding_right; x = pad1d(x, (padding_left, padding_right + extra_padding),
#   mode=self.pad_mode)`, `return self.conv(x)`.
# What fails (written as a look-alike, reclassified by measurement): the extra padding is
#   `math.ceil` of the dynamic length divided by the stride; torch keeps it symbolic, but the
#   `assert padding_left >= 0 and padding_right >= 0` in pad1d asks export to prove
#   `3 - t + ceil(1 + (t - 1) / 1) >= 0` for the causal stride-1 conv, which its solver cannot:
#   "Constraints violated (t)! Not all values of t ... in the specified range 16 <= t <= 4096
#   satisfy the generated guard 3 + ((-1)*L['wav'].size()[2]) + math.ceil(1.0 + (((-1) +
#   L['wav'].size()[2]) / 1)) >= 0" (measured, torch 2.13). With the assert removed by hand in a
#   scratch copy, the model exports and matches eager on the other input sets.
import math

import torch
import torch.nn.functional as F
from torch import nn
from torch.export import Dim


def get_extra_padding_for_conv1d(x, kernel_size, stride, padding_total=0):
    length = x.shape[-1]
    n_frames = (length - kernel_size + padding_total) / stride + 1
    ideal_length = (math.ceil(n_frames) - 1) * stride + (kernel_size - padding_total)
    return ideal_length - length


def pad1d(x, paddings, mode="zero", value=0.0):
    length = x.shape[-1]
    padding_left, padding_right = paddings
    assert padding_left >= 0 and padding_right >= 0, (padding_left, padding_right)  # expect: NONE-unprovable-size-assert
    if mode == "reflect":
        max_pad = max(padding_left, padding_right)
        extra_pad = 0
        if length <= max_pad:
            extra_pad = max_pad - length + 1
            x = F.pad(x, (0, extra_pad))
        padded = F.pad(x, paddings, mode, value)
        end = padded.shape[-1] - extra_pad
        return padded[..., :end]
    return F.pad(x, paddings, mode, value)


class NormConv1d(nn.Module):
    def __init__(self, *args, **kwargs):
        super().__init__()
        self.conv = nn.Conv1d(*args, **kwargs)

    def forward(self, x):
        return self.conv(x)


class SConv1d(nn.Module):
    def __init__(self, in_channels, out_channels, kernel_size, stride=1, dilation=1, causal=False, pad_mode="constant"):
        super().__init__()
        self.conv = NormConv1d(in_channels, out_channels, kernel_size, stride, dilation=dilation)
        self.causal = causal
        self.pad_mode = pad_mode

    def forward(self, x):
        B, C, T = x.shape
        kernel_size = self.conv.conv.kernel_size[0]
        stride = self.conv.conv.stride[0]
        dilation = self.conv.conv.dilation[0]
        padding_total = (kernel_size - 1) * dilation - (stride - 1)
        extra_padding = get_extra_padding_for_conv1d(x, kernel_size, stride, padding_total)
        if self.causal:
            x = pad1d(x, (padding_total, extra_padding), mode=self.pad_mode)
        else:
            padding_right = padding_total // 2
            padding_left = padding_total - padding_right
            x = pad1d(x, (padding_left, padding_right + extra_padding), mode=self.pad_mode)
        return self.conv(x)


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv_in = SConv1d(1, 4, 7)
        self.down = SConv1d(4, 8, 8, stride=4)
        self.causal = SConv1d(8, 8, 3, causal=True)

    def forward(self, wav):
        return self.causal(torch.nn.functional.elu(self.down(torch.nn.functional.elu(self.conv_in(wav)))))


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 1, 50),), (torch.randn(3, 1, 77),), (torch.randn(2, 1, 33),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim("t", min=16, max=4096)},)
