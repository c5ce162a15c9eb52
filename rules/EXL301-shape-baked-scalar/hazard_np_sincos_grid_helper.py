import numpy as np
import torch
from torch.export import Dim

# The 2-D sin/cos position table of MAE and its many copies, built with numpy from the patch
# grid of the input image: export bakes the table of the traced image size.


def get_1d_sincos_from_grid(embed_dim, pos):
    omega = np.arange(embed_dim // 2, dtype=np.float64)
    omega /= embed_dim / 2.0
    omega = 1.0 / 10000**omega
    out = np.einsum("m,d->md", pos.reshape(-1), omega)  # outer product
    return np.concatenate([np.sin(out), np.cos(out)], axis=1)


def get_2d_sincos(embed_dim, height, width):
    grid_h = np.arange(height, dtype=np.float32)  # expect: EXL301
    grid_w = np.arange(width, dtype=np.float32)  # expect: EXL301
    grid = np.stack(np.meshgrid(grid_w, grid_h), axis=0)
    emb_h = get_1d_sincos_from_grid(embed_dim // 2, grid[1])
    emb_w = get_1d_sincos_from_grid(embed_dim // 2, grid[0])
    return np.concatenate([emb_h, emb_w], axis=1)


class Model(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.patch = torch.nn.Conv2d(3, 8, 2, stride=2)

    def forward(self, images):
        x = self.patch(images)
        pos = torch.from_numpy(get_2d_sincos(8, x.shape[2], x.shape[3])).float()
        return x.flatten(2).transpose(1, 2) + pos


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 3, 8, 12),),
    (torch.randn(3, 3, 10, 6),),
    (torch.randn(1, 3, 4, 14),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
