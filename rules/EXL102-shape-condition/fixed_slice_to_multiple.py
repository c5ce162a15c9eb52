import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    """Frames grouped by `k` (a reduction/stacking layer of a speech encoder, a patch merger):
    the time axis is cut to a multiple of `k` before the reshape. Slicing the dynamic axis to
    `T - T % k` makes export guard on whether that equals `T`: the program only runs on sizes
    that are multiples, like the example."""

    def __init__(self, stack=4):
        super().__init__()
        self.stack = stack

    def forward(self, feats):
        batch, time, dim = feats.shape
        usable = time - time % self.stack
        feats = feats.index_select(1, torch.arange(usable, device=feats.device))  # expect: EXL102
        return feats.reshape(batch, -1, dim * self.stack)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 8, 3),), (torch.randn(3, 10, 3),), (torch.randn(1, 13, 3),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
