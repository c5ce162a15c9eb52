# Source: NVIDIA/NeMo nemo/collections/asr/parts/submodules/subsampling.py
#   (`StackingSubsampling.forward`: `pad_size = (self.subsampling_factor - (t %
#   self.subsampling_factor)) % self.subsampling_factor`, `x = F.pad(x, (0, 0, 0, pad_size))`,
#   `x = x.reshape(b, -1, self.subsampling_factor * h)`).
# Look-alike: the time axis is padded up to a multiple instead of cut down: no bound is
#   compared with the axis, one program for every length: exports and matches eager.
import torch
import torch.nn.functional as F
from torch import nn
from torch.export import Dim


class StackingSubsampling(nn.Module):
    def __init__(self, subsampling_factor=4, feat_in=3, feat_out=8):
        super().__init__()
        self.subsampling_factor = subsampling_factor
        self.proj_out = nn.Linear(subsampling_factor * feat_in, feat_out)

    def forward(self, x):
        b, t, h = x.size()
        pad_size = (self.subsampling_factor - (t % self.subsampling_factor)) % self.subsampling_factor
        x = F.pad(x, (0, 0, 0, pad_size))
        _, t, _ = x.size()
        x = torch.reshape(x, (b, t // self.subsampling_factor, h * self.subsampling_factor))
        return self.proj_out(x)


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.pre_encode = StackingSubsampling()

    def forward(self, feats):
        return self.pre_encode(feats)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 8, 3),), (torch.randn(3, 10, 3),), (torch.randn(1, 13, 3),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
