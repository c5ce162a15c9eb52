import torch
from torch import nn
from torch.export import Dim


class KeyValueBlock(nn.Module):
    """Keys and values projected to fewer heads than the queries. `b, t, _ = h.shape` tells
    the rank of `h`; the `-1` of `view(b, t, -1, self.dim)` absorbs only the projection
    width, so the head counts compared below are static: no guard."""

    def __init__(self, width=16, heads=4, kv_heads=1):
        super().__init__()
        self.dim = width // heads
        self.q = nn.Linear(width, heads * self.dim)
        self.kv = nn.Linear(width, kv_heads * self.dim)

    def forward(self, h):
        b, t, _ = h.shape
        q = self.q(h).view(b, t, -1, self.dim).transpose(1, 2)
        kv = self.kv(h).view(b, t, -1, self.dim).transpose(1, 2)
        groups = 1
        if q.shape[1] > kv.shape[1]:
            groups = q.shape[1] // kv.shape[1]
        kv = kv.repeat_interleave(groups, dim=1)
        return (q @ kv.transpose(-1, -2)).softmax(-1) @ kv


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.block = KeyValueBlock()
        self.out = nn.Linear(4, 2)

    def forward(self, h):
        return self.out(self.block(h))


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 7, 16),),
    (torch.randn(3, 4, 16),),
    (torch.randn(1, 12, 16),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
