import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Eager code keeps a Python branch; the export path, chosen by
    torch.compiler.is_exporting(), computes the same with torch.where. Export traces only
    the first branch, so the `if` on a tensor in the other one is never traced."""

    def __init__(self):
        super().__init__()
        self.proj = torch.nn.Linear(8, 8)

    def forward(self, x):
        h = self.proj(x)
        if torch.compiler.is_exporting():
            out = torch.where(h.sum() > 0, h, -h)
        else:
            out = h if h.sum() > 0 else -h
        return out


torch.manual_seed(0)
example_inputs = [(torch.randn(3, 8),), (-torch.rand(5, 8) - 1,), (torch.rand(2, 8) + 1,)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
