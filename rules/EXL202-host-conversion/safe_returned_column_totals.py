import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Scores a batch and also hands back per-feature totals as Python numbers. `x.sum(0)` of a
    (batch, 4) input has the static shape (4,), and the list is only returned, never computed
    with: export supports it (the values become outputs)."""

    def __init__(self):
        super().__init__()
        self.proj = torch.nn.Linear(4, 2)

    def forward(self, x):
        totals = x.sum(0).tolist()
        peak = x.abs().max().item()
        return {"scores": self.proj(x).softmax(-1), "stats": [totals, peak]}


torch.manual_seed(0)
example_inputs = [(torch.randn(3, 4),), (torch.randn(5, 4),), (torch.randn(2, 4),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
