import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Resize-by-scale head: the number of kept rows is a data-dependent scale times a count,
    rounded to 7 digits before truncation (the guard against 2.9999999 that image processors
    use)."""

    def __init__(self):
        super().__init__()
        self.proj = torch.nn.Linear(3, 3)

    def forward(self, rows, scale):
        # rows: (n, 3); scale: (k,) float
        s = scale.mean().item()
        keep = torch.sym_int(s * 2.0 + 5e-08)  # expect: EXL201, EXL302
        return self.proj(rows[:keep]).sum(dim=0)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(8, 3), torch.tensor([1.0, 2.0])),
    (torch.randn(10, 3), torch.tensor([2.0, 1.5, 1.0])),
    (torch.randn(6, 3), torch.tensor([0.5, 1.0, 1.0, 1.5])),
]
dynamic_shapes = ({0: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
