import math

import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Multi-head self-attention scaled by 1 / sqrt(head_dim).

    self.head_dim is a plain Python int set in __init__, so math.sqrt is
    evaluated once on a constant; the sequence length stays dynamic.
    """

    def __init__(self):
        super().__init__()
        self.num_heads = 2
        self.head_dim = 4
        self.qkv = torch.nn.Linear(8, 3 * 8)
        self.out = torch.nn.Linear(8, 8)

    def forward(self, x):
        # x: (batch, seq, 8)
        b, n, _ = x.shape
        qkv = self.qkv(x).view(b, n, 3, self.num_heads, self.head_dim)
        q, k, v = qkv.permute(2, 0, 3, 1, 4).unbind(0)
        scores = q @ k.transpose(-2, -1) / math.sqrt(self.head_dim)
        ctx = scores.softmax(dim=-1) @ v
        return self.out(ctx.transpose(1, 2).reshape(b, n, -1))


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 6, 8),),
    (torch.randn(2, 11, 8),),
    (torch.randn(2, 3, 8),),
]
dynamic_shapes = ({1: Dim.DYNAMIC},)
