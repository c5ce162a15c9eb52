import math

import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Attention scaled by log base train_len of the configured context length: the scale
    is a constant of the configuration."""

    def __init__(self, dim=8, train_len=16, context=512):
        super().__init__()
        self.scale = math.log(context, train_len)
        self.qkv = torch.nn.Linear(dim, 3 * dim)

    def forward(self, x):
        q, k, v = self.qkv(x).chunk(3, dim=-1)
        scores = (q * self.scale) @ k.transpose(1, 2) / q.shape[-1] ** 0.5
        return scores.softmax(dim=-1) @ v


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 6, 8),),
    (torch.randn(3, 20, 8),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
