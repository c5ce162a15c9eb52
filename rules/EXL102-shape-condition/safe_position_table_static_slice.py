import math

import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Sinusoidal table built once in __init__ for the configured maximum length and sliced
    to the sequence in forward: no size test, nothing specialised."""

    def __init__(self, dim=8, max_positions=64):
        super().__init__()
        half = dim // 2
        freq = torch.exp(torch.arange(half, dtype=torch.float32) * -(math.log(10000.0) / (half - 1)))
        angles = torch.arange(max_positions, dtype=torch.float32)[:, None] * freq[None, :]
        self.register_buffer("weights", torch.cat([angles.sin(), angles.cos()], dim=1))
        if self.weights.size(0) < max_positions:
            self.weights = torch.zeros(max_positions, dim)

    def forward(self, tokens):
        seq_len = tokens.shape[1]
        return tokens + self.weights[:seq_len][None]


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 5, 8),), (torch.randn(1, 9, 8),), (torch.randn(3, 4, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
