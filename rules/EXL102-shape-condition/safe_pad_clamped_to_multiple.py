import torch
import torch.nn.functional as F
from torch import nn
from torch.export import Dim


class FrameStack(nn.Module):
    """Frame stacking written without a test: the pad amount `(k - T % k) % k` is 0 for a
    multiple of `k`, so the pad is unconditional and export keeps it symbolic."""

    def __init__(self, k=3):
        super().__init__()
        self.k = k

    def forward(self, x):
        T = x.shape[1]
        x = F.pad(x, (0, 0, 0, (self.k - T % self.k) % self.k))
        return x.reshape(x.shape[0], -1, x.shape[2] * self.k)


Model = FrameStack
torch.manual_seed(0)
example_inputs = [(torch.randn(2, 10, 4),), (torch.randn(3, 9, 4),), (torch.randn(1, 7, 4),)]
dynamic_shapes = ({0: Dim("b"), 1: Dim.DYNAMIC},)
