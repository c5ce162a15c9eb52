import math

import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Sinusoidal time embedding: `time_steps` and `timestamps` are sizes and tensors, no clock."""

    def __init__(self):
        super().__init__()
        self.dim = 16
        freqs = torch.exp(-math.log(10000.0) * torch.arange(0, 16, 2) / 16)
        self.register_buffer("freqs", freqs)
        self.proj = torch.nn.Linear(16, 16)

    def forward(self, x, timestamps):
        time_steps = x.shape[1]
        positions = torch.arange(time_steps, dtype=torch.float32)
        angles = (positions[None, :] + timestamps[:, None]).unsqueeze(-1) * self.freqs
        time_embedding = torch.cat([angles.sin(), angles.cos()], dim=-1)
        return self.proj(x + time_embedding)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 5, 16), torch.tensor([0.0, 3.0])),
    (torch.randn(3, 8, 16), torch.tensor([1.0, 2.0, 7.0])),
    (torch.randn(4, 3, 16), torch.tensor([4.0, 0.5, 9.0, 2.0])),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
