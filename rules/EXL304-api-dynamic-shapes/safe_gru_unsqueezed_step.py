import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """A GRU fed one step at a time: `x.unsqueeze(1)` of a (batch, features) input is a
    time axis of 1."""

    def __init__(self):
        super().__init__()
        self.proj = torch.nn.Linear(6, 8)
        self.cell = torch.nn.GRU(8, 8, batch_first=True)

    def forward(self, x, h):
        step = self.proj(x).unsqueeze(1)
        out, h = self.cell(step, h)
        return out.squeeze(1), h


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 6), torch.randn(1, 2, 8)),
    (torch.randn(5, 6), torch.randn(1, 5, 8)),
    (torch.randn(3, 6), torch.randn(1, 3, 8)),
]
dynamic_shapes = ({0: Dim.DYNAMIC}, {1: Dim.DYNAMIC})
