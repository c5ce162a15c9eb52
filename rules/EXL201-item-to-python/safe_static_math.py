import math

import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Diffusion timestep embedding + RMS-normalised MLP: math.* only sees config constants."""

    def __init__(self):
        super().__init__()
        self.dim = 16
        self.max_period = 10000
        self.mlp = torch.nn.Linear(self.dim, self.dim)

    def forward(self, timesteps, x):
        # timesteps: (batch,) float; x: (batch, 16)
        half = self.dim // 2
        exponent = -math.log(self.max_period) * torch.arange(half, dtype=torch.float32) / half
        args = timesteps[:, None].float() * torch.exp(exponent)[None]
        emb = torch.cat([torch.cos(args), torch.sin(args)], dim=-1)
        h = x + self.mlp(emb) / math.sqrt(self.dim)
        rms = torch.rsqrt(h.pow(2).mean(dim=-1, keepdim=True) + 1e-6)
        return h * rms * int(self.dim // 8)


torch.manual_seed(0)
example_inputs = [
    (torch.tensor([10.0, 500.0, 999.0]), torch.randn(3, 16)),
    (torch.tensor([1.0, 250.0]), torch.randn(2, 16)),
    (torch.tensor([0.0, 30.0, 700.0, 42.0, 5.0]), torch.randn(5, 16)),
]
dynamic_shapes = ({0: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
