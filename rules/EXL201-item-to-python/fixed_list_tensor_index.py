import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    """Choose between two precomputed projections with a data-dependent flag, by indexing
    a Python list with a 0-d tensor (an implicit `.item()`)."""

    def __init__(self, dim=8):
        super().__init__()
        self.a = nn.Linear(dim, dim)
        self.b = nn.Linear(dim, dim)

    def forward(self, x):
        candidates = [self.a(x), self.b(x)]
        flag = (x.mean() > 0).long()
        return torch.stack(candidates)[flag]  # expect: EXL201


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 5, 8),), (torch.randn(3, 7, 8) - 1.0,), (torch.randn(2, 3, 8) + 1.0,)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
