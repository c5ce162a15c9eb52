import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Normalise each row with map(): a Python loop over the batch without a `for`."""

    def __init__(self):
        super().__init__()
        self.proj = torch.nn.Linear(6, 6)

    def forward(self, x):
        rows = list(map(lambda r: r / (r.norm() + 1e-6), x))  # expect: EXL401
        return self.proj(torch.stack(rows))


torch.manual_seed(0)
example_inputs = [(torch.randn(4, 6),), (torch.randn(2, 6),), (torch.randn(7, 6),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
