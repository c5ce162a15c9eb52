import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """A submodule that happens to be called `ops`: not torch.ops."""

    def __init__(self):
        super().__init__()
        self.ops = torch.nn.Linear(8, 8)

    def forward(self, x):
        return torch.relu(self.ops(x))


torch.manual_seed(0)
example_inputs = [(torch.randn(3, 8),), (torch.randn(6, 8),), (torch.randn(2, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
