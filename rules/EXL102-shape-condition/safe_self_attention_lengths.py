import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Attention that masks the future only when the query and key lengths are equal. In
    self-attention both lengths are axis 1 of the same input (`s` from `x.shape`), one and the
    same symbol: the test is decided while tracing, with no guard."""

    def __init__(self, d=16, heads=2):
        super().__init__()
        self.q = torch.nn.Linear(d, d)
        self.k = torch.nn.Linear(d, d)
        self.v = torch.nn.Linear(d, d)
        self.heads = heads
        self.head_dim = d // heads

    def forward(self, x):
        b, s, _ = x.shape
        q = self.q(x).view(b, s, self.heads, self.head_dim).transpose(1, 2)
        k = self.k(x).view(b, s, self.heads, self.head_dim).transpose(1, 2)
        v = self.v(x).view(b, s, self.heads, self.head_dim).transpose(1, 2)
        scores = q @ k.transpose(-1, -2) * self.head_dim**-0.5
        if q.shape[-2] == k.shape[-2]:
            future = torch.ones(s, s, dtype=torch.bool, device=x.device).triu(1)
            scores = scores.masked_fill(future, float("-inf"))
        out = scores.softmax(-1) @ v
        return out.transpose(1, 2).reshape(b, s, -1)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 7, 16),),
    (torch.randn(3, 12, 16),),
    (torch.randn(1, 3, 16),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
