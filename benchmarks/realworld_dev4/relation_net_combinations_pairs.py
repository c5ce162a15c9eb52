# Source: kimhc6028/relational-networks model.py (RN.forward) builds every object pair with
#   `x_i = torch.unsqueeze(x_flat, 1)`, `x_i = x_i.repeat(1, 25, 1, 1)`; index-based variants
#   write `pairs = torch.combinations(torch.arange(n), r=2)` with `n = x.size(1)` objects
#   (pytorch/pytorch issues on torch.combinations in torch.export / ONNX).
# What fails: `torch.combinations` of a dynamic-length range: its output size is n*(n-1)/2 from
#   an op without a symbolic shape rule or ONNX translation.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.g = nn.Linear(8, 4)

    def forward(self, objects):
        n = objects.size(1)
        pairs = torch.combinations(torch.arange(n), r=2)  # expect: EXL304
        x_i = objects[:, pairs[:, 0]]
        x_j = objects[:, pairs[:, 1]]
        return self.g(torch.cat([x_i, x_j], dim=-1)).sum(1)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 5, 4),), (torch.randn(1, 7, 4),), (torch.randn(3, 4, 4),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
