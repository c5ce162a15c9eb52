# Source: huggingface/diffusers src/diffusers/models/embeddings.py (PatchEmbed.forward and the
#   numpy `get_2d_sincos_pos_embed` of diffusers < 0.31, copied into many repositories and read
#   through the code search): `if self.height != height or self.width != width:
#   pos_embed = get_2d_sincos_pos_embed(...); pos_embed = torch.from_numpy(pos_embed)`, with
#   `grid_h = np.arange(grid_size[0], dtype=np.float32) / (grid_size[0] / base_size)`.
# What fails: the branch tests the dynamic size and numpy computes the table from it: the
#   table is a constant of the traced size.
import numpy as np
import torch
from torch import nn
from torch.export import Dim


def get_1d_sincos(embed_dim, pos):
    omega = np.arange(embed_dim // 2, dtype=np.float64) / (embed_dim / 2.0)
    omega = 1.0 / 10000**omega
    out = np.einsum("m,d->md", pos.reshape(-1), omega)
    return np.concatenate([np.sin(out), np.cos(out)], axis=1)


def get_2d_sincos_pos_embed(embed_dim, grid_size, base_size=4):
    grid_h = np.arange(grid_size[0], dtype=np.float32) / (grid_size[0] / base_size)  # expect: EXL301
    grid_w = np.arange(grid_size[1], dtype=np.float32) / (grid_size[1] / base_size)  # expect: EXL301
    grid = np.stack(np.meshgrid(grid_w, grid_h), axis=0)
    emb_h = get_1d_sincos(embed_dim // 2, grid[0])
    emb_w = get_1d_sincos(embed_dim // 2, grid[1])
    return np.concatenate([emb_h, emb_w], axis=1)


class Model(nn.Module):
    def __init__(self, patch_size=2, sample_size=8, dim=8):
        super().__init__()
        self.patch_size = patch_size
        self.height = self.width = sample_size // patch_size
        self.proj = nn.Conv2d(4, dim, patch_size, stride=patch_size)
        pos = get_2d_sincos_pos_embed(dim, (self.height, self.width))
        self.register_buffer("pos_embed", torch.from_numpy(pos).float().unsqueeze(0), persistent=False)

    def forward(self, latent):
        height, width = latent.shape[-2] // self.patch_size, latent.shape[-1] // self.patch_size
        x = self.proj(latent).flatten(2).transpose(1, 2)
        if self.height != height or self.width != width:  # expect: EXL102
            pos_embed = get_2d_sincos_pos_embed(x.shape[-1], (height, width))
            pos_embed = torch.from_numpy(pos_embed).float().unsqueeze(0)
        else:
            pos_embed = self.pos_embed
        return x + pos_embed


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 4, 12, 10),), (torch.randn(3, 4, 8, 8),), (torch.randn(2, 4, 6, 14),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
