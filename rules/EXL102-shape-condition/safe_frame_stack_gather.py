import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    """Frames cut to a multiple of the stacking factor with a gather over `arange(n)`
    (`index_select`) instead of a slice: no bound is compared with the axis, and the program
    is right on multiples and non-multiples whatever the traced length (measured on 2.13)."""

    def __init__(self, factor=2):
        super().__init__()
        self.factor = factor

    def forward(self, feats):
        batch, time, dim = feats.shape
        usable = (time // self.factor) * self.factor
        feats = feats.index_select(1, torch.arange(usable, device=feats.device))
        return feats.reshape(batch, usable // self.factor, dim * self.factor)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 8, 3),), (torch.randn(3, 11, 3),), (torch.randn(1, 13, 3),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
