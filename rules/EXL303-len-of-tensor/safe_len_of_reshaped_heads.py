import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Splits projections into a fixed number of groups with a reshape whose first size is a
    constant: `len()` of the result is that constant, whatever the batch and sequence."""

    def __init__(self, groups=2):
        super().__init__()
        self.groups = groups
        self.proj = torch.nn.Linear(8, 8)

    def forward(self, tokens):
        b, s, d = tokens.shape
        grouped = self.proj(tokens).permute(2, 0, 1).reshape(self.groups, d // self.groups, b, s)
        scale = 1.0 / len(grouped)
        return (grouped * scale).sum(0).permute(1, 2, 0)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 5, 8),),
    (torch.randn(3, 9, 8),),
    (torch.randn(4, 4, 8),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
