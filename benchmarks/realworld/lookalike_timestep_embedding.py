# Source: huggingface/diffusers src/diffusers/models/embeddings.py (get_timestep_embedding):
#   `assert len(timesteps.shape) == 1`, `half_dim = embedding_dim // 2`,
#   `exponent = -math.log(max_period) * torch.arange(...)`, `if flip_sin_to_cos:` and
#   `if embedding_dim % 2 == 1:` on configuration values.
# Look-alike: asserts on the rank, math on constants, branches on config; exports and matches.
import math

import torch
from torch import nn
from torch.export import Dim


def get_timestep_embedding(timesteps, embedding_dim, flip_sin_to_cos=False, downscale_freq_shift=1, max_period=10000):
    assert len(timesteps.shape) == 1, "Timesteps should be a 1d-array"
    half_dim = embedding_dim // 2
    exponent = -math.log(max_period) * torch.arange(start=0, end=half_dim, dtype=torch.float32)
    exponent = exponent / (half_dim - downscale_freq_shift)
    emb = torch.exp(exponent)
    emb = timesteps[:, None].float() * emb[None, :]
    emb = torch.cat([torch.sin(emb), torch.cos(emb)], dim=-1)
    if flip_sin_to_cos:
        emb = torch.cat([emb[:, half_dim:], emb[:, :half_dim]], dim=-1)
    if embedding_dim % 2 == 1:
        emb = torch.nn.functional.pad(emb, (0, 1, 0, 0))
    return emb


class Model(nn.Module):
    def __init__(self, dim=9):
        super().__init__()
        self.dim = dim
        self.linear = nn.Linear(dim, 8)

    def forward(self, timesteps):
        return self.linear(get_timestep_embedding(timesteps, self.dim, flip_sin_to_cos=True))


torch.manual_seed(0)
example_inputs = [
    (torch.tensor([1.0, 10.0, 100.0]),),
    (torch.tensor([0.0, 5.0, 50.0, 500.0, 999.0]),),
    (torch.tensor([3.0, 7.0]),),
]
dynamic_shapes = ({0: Dim.DYNAMIC},)
