import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Checks that only raise, on Python values export decides itself (a flag, None, the
    rank, a dtype): look-alikes of the data checks, nothing to report."""

    def __init__(self, strict=True):
        super().__init__()
        self.strict = strict
        self.proj = torch.nn.Linear(8, 8)

    def forward(self, x, mask=None):
        if self.strict and x.dim() != 3:
            raise ValueError("expected (batch, length, features)")
        if mask is not None and mask.dtype != torch.bool:
            raise TypeError("mask must be boolean")
        assert x.shape[-1] == 8, "feature size"
        return self.proj(x)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 5, 8),), (torch.randn(3, 7, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
