import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Split off the first row as a query and pool the others: the tensor is iterated by
    unpacking, with no `for` in sight."""

    def __init__(self):
        super().__init__()
        self.proj = torch.nn.Linear(8, 8)

    def forward(self, x):
        query, *others = x  # expect: EXL401
        pooled = torch.stack(others).mean(0)
        return self.proj(query + pooled)


torch.manual_seed(0)
example_inputs = [(torch.randn(5, 8),), (torch.randn(3, 8),), (torch.randn(9, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
