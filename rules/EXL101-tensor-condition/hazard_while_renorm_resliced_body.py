import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Max-norm projection of the first row, each step halving it through a wider buffer: the
    body's new value is a one-row view (row stride 16), which `clone()` keeps as it is, while
    the carry starts dense (row stride 8)."""

    def __init__(self):
        super().__init__()
        self.proj = torch.nn.Linear(6, 16)

    def forward(self, x):
        h = self.proj(x)[:1, :8]
        while h.norm(dim=-1).max() > 1.5:  # expect: EXL101
            h = torch.cat([h * 0.5, h], dim=-1)[:, :8]
        return h


torch.manual_seed(0)
example_inputs = [(torch.randn(3, 6) * 4,), (torch.randn(5, 6) * 4,), (torch.randn(2, 6) * 0.1,)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
