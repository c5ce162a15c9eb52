# Source: space-to-depth / frame-pairing code that trims an odd last row with strided slices
#   (`x[:, 0:n:2]`, `x[:, 1:n:2]` with `n = 2 * (T // 2)`, as in pyramidal BLSTM listeners of
#   Listen-Attend-Spell implementations).
# Look-alike: strided slices never take torch's whole-axis shortcut, so the bound is not
#   compared with the axis: exports and matches eager for odd and even lengths.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, feat=3):
        super().__init__()
        self.proj = nn.Linear(2 * feat, feat)

    def forward(self, x):
        n = 2 * (x.shape[1] // 2)
        paired = torch.cat([x[:, 0:n:2], x[:, 1:n:2]], dim=-1)
        return self.proj(paired)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 9, 3),), (torch.randn(3, 12, 3),), (torch.randn(1, 15, 3),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
