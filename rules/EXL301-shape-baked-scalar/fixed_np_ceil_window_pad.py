import numpy as np
import torch
import torch.nn.functional as F
from torch.export import Dim
import math


class Model(torch.nn.Module):
    """Windowed pooling: pad the sequence to a whole number of windows.

    np.ceil on a dynamic size gives a numpy float; export bakes the traced
    value behind a guard, so other lengths are rejected.
    """

    def __init__(self):
        super().__init__()
        self.window = 4
        self.proj = torch.nn.Linear(6, 6)

    def forward(self, x):
        # x: (batch, seq, 6)
        n = x.shape[1]
        n_windows = math.ceil(n / self.window)  # expect: EXL301
        pad = n_windows * self.window - n
        x = F.pad(x, (0, 0, 0, pad))
        x = x.reshape(x.shape[0], n_windows, self.window, x.shape[-1])
        return self.proj(x.mean(dim=2))


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 10, 6),),
    (torch.randn(2, 17, 6),),
    (torch.randn(2, 5, 6),),
]
dynamic_shapes = ({1: Dim.DYNAMIC},)
