import torch
from torch import nn
from torch.export import Dim


def relative_table(length, dim):
    positions = torch.arange(-length + 1, length, dtype=torch.float).unsqueeze(1)
    scales = torch.arange(1, dim + 1, dtype=torch.float).unsqueeze(0)
    return torch.sin(positions / scales)


class RelativePositions(nn.Module):
    """A relative-position table (Conformer/Transformer-XL style) kept as an attribute and
    extended when a longer input arrives, tested through `.shape[0]`."""

    def __init__(self, dim=4, init_len=4):
        super().__init__()
        self.dim = dim
        self.table = relative_table(init_len, dim)

    def forward(self, x):
        length = x.size(1)
        if 2 * length - 1 > self.table.shape[0]:  # expect: EXL102
            self.table = relative_table(length, self.dim)
        center = self.table.shape[0] // 2
        return self.table[center - length + 1 : center + length]


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.rel = RelativePositions()

    def forward(self, x):
        return x.sum(-1, keepdim=True) * self.rel(x).sum(-1)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 6, 4),), (torch.randn(3, 3, 4),), (torch.randn(1, 9, 4),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
