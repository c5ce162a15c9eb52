import numpy as np
import torch
from torch.export import Dim

# The same numpy table, built once in __init__ for the fixed grid of a model whose image size
# is static (only the batch is dynamic): nothing traced computes with numpy.


def get_1d_sincos_from_grid(embed_dim, pos):
    omega = np.arange(embed_dim // 2, dtype=np.float64)
    omega /= embed_dim / 2.0
    omega = 1.0 / 10000**omega
    out = np.einsum("m,d->md", pos.reshape(-1), omega)
    return np.concatenate([np.sin(out), np.cos(out)], axis=1)


def get_2d_sincos(embed_dim, height, width):
    grid_h = np.arange(height, dtype=np.float32)
    grid_w = np.arange(width, dtype=np.float32)
    grid = np.stack(np.meshgrid(grid_w, grid_h), axis=0)
    emb_h = get_1d_sincos_from_grid(embed_dim // 2, grid[1])
    emb_w = get_1d_sincos_from_grid(embed_dim // 2, grid[0])
    return np.concatenate([emb_h, emb_w], axis=1)


class Model(torch.nn.Module):
    def __init__(self, grid=4):
        super().__init__()
        self.patch = torch.nn.Conv2d(3, 8, 2, stride=2)
        table = torch.from_numpy(get_2d_sincos(8, grid, grid)).float()
        self.register_buffer("pos", table, persistent=False)

    def forward(self, images):
        x = self.patch(images)
        return x.flatten(2).transpose(1, 2) + self.pos


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 3, 8, 8),),
    (torch.randn(3, 3, 8, 8),),
    (torch.randn(5, 3, 8, 8),),
]
dynamic_shapes = ({0: Dim.DYNAMIC},)
