import torch
import torch.nn.functional as F
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    """The frames stacked by padding the time axis up to a multiple (`-T % k` zeros at the
    end) instead of cutting it down, and a slice by a plain offset (`T - 1`): no bound is
    compared with the axis, every size exports to one program."""

    def __init__(self, stack=4):
        super().__init__()
        self.stack = stack

    def forward(self, feats):
        batch, time, dim = feats.shape
        shifted = feats[:, 1:] - feats[:, : time - 1]
        feats = F.pad(feats, (0, 0, 0, -time % self.stack))
        stacked = feats.reshape(batch, -1, dim * self.stack)
        return stacked, shifted


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 8, 3),), (torch.randn(3, 10, 3),), (torch.randn(1, 13, 3),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
