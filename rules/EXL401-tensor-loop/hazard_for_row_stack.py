import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Per-sample feature normalisation written as a Python loop over the batch."""

    def __init__(self):
        super().__init__()
        self.proj = torch.nn.Linear(8, 8)

    def forward(self, x):
        rows = []
        for row in x:  # expect: EXL401
            centred = row - row.mean()
            rows.append(centred / (centred.norm() + 1e-6))
        return self.proj(torch.stack(rows))


torch.manual_seed(0)
example_inputs = [(torch.randn(5, 8),), (torch.randn(3, 8),), (torch.randn(11, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
