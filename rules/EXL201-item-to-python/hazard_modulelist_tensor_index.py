import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    """Utterance-level routing: pick one of the expert heads with the argmax of a pooled
    router score. `self.heads[choice]` converts the tensor index to a Python int."""

    def __init__(self, dim=8, experts=3):
        super().__init__()
        self.router = nn.Linear(dim, experts)
        self.heads = nn.ModuleList([nn.Linear(dim, dim) for _ in range(experts)])

    def forward(self, x):
        choice = self.router(x.mean(dim=(0, 1))).argmax()
        return self.heads[choice](x)  # expect: EXL201


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 5, 8),), (torch.randn(3, 7, 8),), (torch.randn(2, 3, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
