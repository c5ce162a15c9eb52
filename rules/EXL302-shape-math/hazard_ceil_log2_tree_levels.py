import math

import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Hierarchical pooling over a binary tree of tokens: the tree needs ceil(log2(L))
    levels, and each level keeps one more summary slot."""

    def __init__(self, dim=4, max_levels=12):
        super().__init__()
        self.level_embed = torch.nn.Parameter(torch.randn(max_levels, dim))

    def forward(self, tokens):
        length = tokens.size(1)
        levels = math.ceil(math.log(length, 2))  # expect: EXL302
        summary = tokens.mean(dim=1, keepdim=True)
        return summary + self.level_embed[:levels]


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 10, 4),),
    (torch.randn(3, 17, 4),),
    (torch.randn(2, 64, 4),),
    (torch.randn(2, 5, 4),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
