import math

import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Summarise the first half of a sequence (e.g. a prompt prefix).

    math.floor(n / 2) is traced as a symbolic floor division.
    """

    def __init__(self):
        super().__init__()
        self.proj = torch.nn.Linear(6, 6)

    def forward(self, x):
        # x: (batch, seq, 6)
        half = math.floor(x.shape[1] / 2)
        prefix = x[:, :half]
        return self.proj(prefix.mean(dim=1))


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 8, 6),),
    (torch.randn(2, 13, 6),),
    (torch.randn(2, 4, 6),),
]
dynamic_shapes = ({1: Dim.DYNAMIC},)
