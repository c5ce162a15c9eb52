import math

import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """The same top-k count of delays, from the configured window (a Python int): no size
    of the input is involved, so export keeps the length dynamic."""

    def __init__(self, factor=3, window=24):
        super().__init__()
        self.factor = factor
        self.window = window

    def forward(self, x):
        corr = x.mean(-1)[:, : self.window]
        k = math.floor(math.log(self.window) * self.factor)
        weights, _ = torch.topk(corr, k, dim=-1)
        return torch.softmax(weights, -1).sum(-1) + x.sum((1, 2))


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 40, 4),),
    (torch.randn(3, 32, 4),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
