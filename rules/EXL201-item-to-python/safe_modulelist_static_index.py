import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    """ModuleList and list indexed with Python ints fixed by the config (the last layer, a
    configured layer): nothing is read out of a tensor."""

    def __init__(self, dim=8, layers=3, tap=1):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(dim, dim) for _ in range(layers)])
        self.tap = tap

    def forward(self, x):
        hidden = [x]
        for layer in self.layers:
            hidden.append(torch.relu(layer(hidden[-1])))
        return hidden[self.tap] + self.layers[-1](x)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 5, 8),), (torch.randn(3, 7, 8),), (torch.randn(2, 3, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
