import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    """A decoder that pools a variable-length sequence, then runs an LSTMCell for a fixed
    number of steps: the cell has no time loop of its own, the loop runs 3 times at any size."""

    def __init__(self, steps=3):
        super().__init__()
        self.steps = steps
        self.cell = nn.LSTMCell(8, 8)

    def forward(self, seq):
        h = seq.mean(dim=1)
        c = torch.zeros_like(h)
        outs = []
        for _ in range(self.steps):
            h, c = self.cell(h, (h, c))
            outs.append(h)
        return torch.stack(outs, dim=1)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 6, 8),),
    (torch.randn(3, 11, 8),),
    (torch.randn(2, 4, 8),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
