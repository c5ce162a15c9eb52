import math

import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Attention with log-length scaling for length extrapolation.

    Queries are multiplied by log(n) / log(train_len). math.log() on the
    dynamic length n forces export to specialize it.
    """

    def __init__(self):
        super().__init__()
        self.train_len = 16
        self.head_dim = 8
        self.qkv = torch.nn.Linear(8, 3 * self.head_dim)
        self.out = torch.nn.Linear(self.head_dim, 8)

    def forward(self, x):
        # x: (batch, seq, 8)
        n = x.shape[1]
        q, k, v = self.qkv(x).chunk(3, dim=-1)
        log_scale = torch.log(torch.tensor(n, dtype=torch.float64)) / math.log(self.train_len)  # expect: EXL302
        q = q * log_scale
        scores = q @ k.transpose(1, 2) / math.sqrt(self.head_dim)
        return self.out(scores.softmax(dim=-1) @ v)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 6, 8),),
    (torch.randn(2, 20, 8),),
    (torch.randn(2, 3, 8),),
]
dynamic_shapes = ({1: Dim.DYNAMIC},)
