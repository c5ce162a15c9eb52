# Source: huggingface/transformers src/transformers/models/perceiver/modeling_perceiver.py
#   (PerceiverImagePreprocessor._build_network_inputs and _check_or_build_spatial_positions):
#   `index_dims = inputs.shape[1:-1]`, `indices = np.prod(index_dims)`, `inputs =
#   torch.reshape(inputs, [batch_size, indices, -1])`, `pos = build_linear_positions(index_dims)`
#   (a `torch.linspace(..., steps=n_xels_per_dim)` per axis), `pos = torch.reshape(pos,
#   [batch_size, np.prod(index_dims), -1])`.
# What fails: `torch.linspace(steps=n)` with a dynamic size specialises it. (`np.prod` of the
#   shape does NOT: numpy multiplies the SymInts in an object array; measured on 2.13 the
#   model with only the linspace replaced exports and matches. The two `np.prod` lines were
#   marked as hazards when this file was written; the marks were removed after measuring.)
import numpy as np
import torch
from torch import nn
from torch.export import Dim


def build_linear_positions(index_dims, output_range=(-1.0, 1.0)):
    def _linspace(n_xels_per_dim):
        return torch.linspace(start=output_range[0], end=output_range[1], steps=n_xels_per_dim, dtype=torch.float32)  # expect: EXL301

    dim_ranges = [_linspace(n_xels_per_dim) for n_xels_per_dim in index_dims]
    array_index_grid = torch.meshgrid(*dim_ranges, indexing="ij")
    return torch.stack(array_index_grid, dim=-1)


class Model(nn.Module):
    def __init__(self, channels=3, num_bands=2, max_resolution=(8, 8), dim=8):
        super().__init__()
        self.num_bands = num_bands
        self.max_resolution = max_resolution
        self.proj = nn.Linear(channels + 2 * (2 * num_bands + 1), dim)

    def fourier_features(self, pos):
        min_freq = 1.0
        freq_bands = torch.stack(
            [torch.linspace(start=min_freq, end=res / 2, steps=self.num_bands) for res in self.max_resolution], dim=0
        )
        per_pos_features = pos[0, :, :][:, :, None] * freq_bands[None, :, :]
        per_pos_features = torch.reshape(per_pos_features, [-1, np.prod(per_pos_features.shape[1:])])
        per_pos_features = torch.cat([torch.sin(np.pi * per_pos_features), torch.cos(np.pi * per_pos_features)], dim=-1)
        return torch.cat([pos[0], per_pos_features], dim=-1)

    def forward(self, inputs):
        batch_size = inputs.shape[0]
        index_dims = inputs.shape[1:-1]
        indices = np.prod(index_dims)
        inputs = torch.reshape(inputs, [batch_size, indices, -1])
        pos = build_linear_positions(index_dims)
        pos = pos[None].expand((batch_size,) + pos.shape)
        pos = torch.reshape(pos, [batch_size, np.prod(index_dims), -1])
        pos_enc = self.fourier_features(pos)
        pos_enc = pos_enc[None].expand(batch_size, -1, -1)
        return self.proj(torch.cat([inputs, pos_enc], dim=-1))


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 4, 5, 3),), (torch.randn(1, 6, 3, 3),), (torch.randn(3, 7, 7, 3),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC, 2: Dim.DYNAMIC},)
