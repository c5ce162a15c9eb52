import numpy as np
import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """EfficientNet-style width scaling: np.round of configuration numbers only, in forward
    too; no dynamic size goes through numpy."""

    def __init__(self, base=8, width_mult=1.4):
        super().__init__()
        self.base = base
        self.width_mult = width_mult
        self.proj = torch.nn.Linear(8, int(np.round(base * width_mult)))

    def forward(self, x):
        keep = int(np.round(self.base * self.width_mult))
        return self.proj(x)[..., :keep].mean(1)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 5, 8),), (torch.randn(3, 9, 8),), (torch.randn(1, 4, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
