import numpy as np
import torch
from torch.export import Dim


def sinusoid_table(length, dim):
    """Transformer position encodings, positions built with numpy (as in many ports of the
    original TensorFlow code)."""
    positions = torch.arange(length).float()[:, None]  # expect: EXL301
    inverse = 1.0 / (10000 ** (torch.arange(0, dim, 2).float() / dim))
    angles = positions * inverse
    return torch.cat([angles.sin(), angles.cos()], dim=-1)


class Model(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.proj = torch.nn.Linear(8, 8)

    def forward(self, tokens):
        # tokens: (batch, length, 8)
        return self.proj(tokens + sinusoid_table(tokens.shape[1], 8))


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 6, 8),),
    (torch.randn(3, 9, 8),),
    (torch.randn(1, 4, 8),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
