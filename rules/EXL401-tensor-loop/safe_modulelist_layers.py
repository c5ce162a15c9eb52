import torch
import torch.nn.functional as F
from torch.export import Dim


class Block(torch.nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.norm = torch.nn.LayerNorm(dim)
        self.fc1 = torch.nn.Linear(dim, 4 * dim)
        self.fc2 = torch.nn.Linear(4 * dim, dim)

    def forward(self, x):
        return x + self.fc2(F.gelu(self.fc1(self.norm(x))))


class Model(torch.nn.Module):
    """A stack of pre-norm MLP blocks: the loop runs over modules, not over data."""

    def __init__(self):
        super().__init__()
        self.layers = torch.nn.ModuleList([Block(16) for _ in range(3)])
        self.final_norm = torch.nn.LayerNorm(16)

    def forward(self, x):
        for layer in self.layers:
            x = layer(x)
        return self.final_norm(x)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 5, 16),), (torch.randn(3, 9, 16),), (torch.randn(4, 2, 16),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
