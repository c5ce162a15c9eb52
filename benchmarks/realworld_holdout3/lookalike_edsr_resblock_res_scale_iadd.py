# Source: sanghyun-son/EDSR-PyTorch src/model/common.py and src/model/edsr.py (ResBlock.forward,
#   MeanShift, Upsampler and EDSR.forward, paraphrased): ResBlock: `res = self.body(x).mul(self.res_scale)`,
#   `res += x`, `return res`; EDSR: `x = self.sub_mean(x)`, `x = self.head(x)`, `res = self.body(x)`,
#   `res += x`, `x = self.tail(res)`, `x = self.add_mean(x)`; MeanShift is a frozen 1x1 conv:
#   `std = torch.Tensor(rgb_std)`, `self.weight.data = torch.eye(3).view(3, 3, 1, 1) / std.view(3, 1,
#   1, 1)`, `self.bias.data = sign * rgb_range * torch.Tensor(rgb_mean) / std`, `for p in
#   self.parameters(): p.requires_grad = False`; Upsampler: `m.append(conv(n_feats, 4 * n_feats, 3,
#   bias)); m.append(nn.PixelShuffle(2))`.
# Look-alike: augmented assignments `res += x` look like in-place writes to the input, and
#   `.data` is written, but `res` is a fresh tensor (the body's output) and `.data` is only set
#   in `__init__`; `x` is rebound by `self.sub_mean(x)` before anything is added to it: exports
#   and matches eager on unseen sizes.
import torch
from torch import nn
from torch.export import Dim


def default_conv(in_channels, out_channels, kernel_size, bias=True):
    return nn.Conv2d(in_channels, out_channels, kernel_size, padding=(kernel_size // 2), bias=bias)


class MeanShift(nn.Conv2d):
    def __init__(self, rgb_range, rgb_mean=(0.4488, 0.4371, 0.4040), rgb_std=(1.0, 1.0, 1.0), sign=-1):
        super().__init__(3, 3, kernel_size=1)
        std = torch.Tensor(rgb_std)
        self.weight.data = torch.eye(3).view(3, 3, 1, 1) / std.view(3, 1, 1, 1)
        self.bias.data = sign * rgb_range * torch.Tensor(rgb_mean) / std
        for p in self.parameters():
            p.requires_grad = False


class ResBlock(nn.Module):
    def __init__(self, conv, n_feats, kernel_size, res_scale=0.1):
        super().__init__()
        self.body = nn.Sequential(conv(n_feats, n_feats, kernel_size), nn.ReLU(True), conv(n_feats, n_feats, kernel_size))
        self.res_scale = res_scale

    def forward(self, x):
        res = self.body(x).mul(self.res_scale)
        res += x
        return res


class Model(nn.Module):
    def __init__(self, n_resblocks=2, n_feats=8, rgb_range=255):
        super().__init__()
        self.sub_mean = MeanShift(rgb_range)
        self.add_mean = MeanShift(rgb_range, sign=1)
        self.head = nn.Sequential(default_conv(3, n_feats, 3))
        self.body = nn.Sequential(*[ResBlock(default_conv, n_feats, 3) for _ in range(n_resblocks)], default_conv(n_feats, n_feats, 3))
        self.tail = nn.Sequential(default_conv(n_feats, 4 * n_feats, 3), nn.PixelShuffle(2), default_conv(n_feats, 3, 3))

    def forward(self, x):
        x = self.sub_mean(x)
        x = self.head(x)
        res = self.body(x)
        res += x
        x = self.tail(res)
        return self.add_mean(x)


torch.manual_seed(0)
example_inputs = [(torch.rand(2, 3, 12, 10) * 255,), (torch.rand(1, 3, 9, 15) * 255,), (torch.rand(3, 3, 16, 8) * 255,)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
