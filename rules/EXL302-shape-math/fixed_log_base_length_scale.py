import math

import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Length-extrapolating attention: the logits are scaled by log base train_len of the
    current length (a "log-n" attention scale), computed with math.log(n, base)."""

    def __init__(self, dim=8, train_len=16):
        super().__init__()
        self.train_len = train_len
        self.qkv = torch.nn.Linear(dim, 3 * dim)

    def forward(self, x):
        n = x.size(1)
        q, k, v = self.qkv(x).chunk(3, dim=-1)
        scale = torch.log(torch.tensor(n, dtype=torch.float64)) / math.log(self.train_len)  # expect: EXL302
        scores = (q * scale) @ k.transpose(1, 2) / q.shape[-1] ** 0.5
        return scores.softmax(dim=-1) @ v


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 6, 8),),
    (torch.randn(2, 20, 8),),
    (torch.randn(3, 3, 8),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
