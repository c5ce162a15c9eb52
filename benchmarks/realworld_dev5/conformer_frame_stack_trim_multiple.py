# Source: frame-stacking reduction layers of speech encoders (the "stack k frames" subsampling of
#   ESPnet/NeMo-style encoders, and the pytorch issues on GuardOnDataDependentSymNode /
#   "Guard failed" for sizes cut to a multiple), written as `x = x[:, : T - T % k]` before a
#   reshape that stacks `k` frames.
# What fails: slicing the dynamic time axis to `T - T % k` makes export guard on whether it
#   equals `T`: the exported program fails its guard on lengths that are not multiples.
import torch
from torch import nn
from torch.export import Dim


class StackFrames(nn.Module):
    def __init__(self, factor=4, feat_in=3, feat_out=8):
        super().__init__()
        self.factor = factor
        self.proj = nn.Linear(feat_in * factor, feat_out)

    def forward(self, x):
        b, t, h = x.size()
        t2 = t - t % self.factor
        x = x[:, :t2]  # expect: EXL102
        x = x.reshape(b, t2 // self.factor, h * self.factor)
        return self.proj(x)


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.subsample = StackFrames()

    def forward(self, feats):
        return self.subsample(feats)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 8, 3),), (torch.randn(3, 10, 3),), (torch.randn(1, 13, 3),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
