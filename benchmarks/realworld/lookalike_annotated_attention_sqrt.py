# Source: harvardnlp/annotated-transformer (the `attention` function): `d_k = query.size(-1)`,
#   `scores = torch.matmul(query, key.transpose(-2, -1)) / math.sqrt(d_k)`, `if mask is not None:
#   scores = scores.masked_fill(mask == 0, -1e9)`.
# Look-alike: `math.sqrt` of the head size, which is fixed by the Linear projections (static),
#   while batch and sequence are dynamic; exports and matches eager.
import math

import torch
from torch import nn
from torch.export import Dim


def attention(query, key, value, mask=None):
    d_k = query.size(-1)
    scores = torch.matmul(query, key.transpose(-2, -1)) / math.sqrt(d_k)
    if mask is not None:
        scores = scores.masked_fill(mask == 0, -1e9)
    p_attn = scores.softmax(dim=-1)
    return torch.matmul(p_attn, value), p_attn


class Model(nn.Module):
    def __init__(self, d_model=8, h=2):
        super().__init__()
        self.d_k = d_model // h
        self.h = h
        self.linears = nn.ModuleList(nn.Linear(d_model, d_model) for _ in range(4))

    def forward(self, x, mask):
        nbatches = x.size(0)
        query, key, value = (
            lin(t).view(nbatches, -1, self.h, self.d_k).transpose(1, 2)
            for lin, t in zip(self.linears, (x, x, x))
        )
        out, _ = attention(query, key, value, mask=mask.unsqueeze(1))
        out = out.transpose(1, 2).contiguous().view(nbatches, -1, self.h * self.d_k)
        return self.linears[-1](out)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 5, 8), torch.ones(2, 1, 5)),
    (torch.randn(3, 7, 8), torch.ones(3, 1, 7)),
    (torch.randn(2, 3, 8), torch.tensor([[[1.0, 1.0, 0.0]], [[1.0, 0.0, 0.0]]])),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC}, {0: Dim.DYNAMIC, 2: Dim.DYNAMIC})
