import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """A residual gate that scales its input in place and returns it."""

    def __init__(self, dim=6):
        super().__init__()
        self.gate = torch.nn.Linear(dim, dim)

    def forward(self, x):
        g = torch.sigmoid(self.gate(x))
        return x.mul_(g).add_(1.0)  # expect: EXL501


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 5, 6),), (torch.randn(3, 7, 6),), (torch.randn(2, 3, 6),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
