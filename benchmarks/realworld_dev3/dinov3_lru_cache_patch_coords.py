# Source: huggingface/transformers src/transformers/models/dinov3_vit/modeling_dinov3_vit.py
#   (get_patches_center_coordinates, as first released with a plain `@lru_cache(maxsize=32)`,
#   later wrapped in compile_compatible_method_lru_cache), called from
#   DINOv3ViTRopePositionEmbedding.forward: `_, _, height, width = pixel_values.shape`,
#   `num_patches_h = height // self.patch_size`, `patch_coords =
#   get_patches_center_coordinates(num_patches_h, num_patches_w, dtype=torch.float32,
#   device=device)`.
# What fails: functools.lru_cache hashes its arguments: the dynamic patch counts cannot be
#   hashed while exporting.
import functools

import torch
from torch import nn
from torch.export import Dim


@functools.lru_cache(maxsize=32)
def get_patches_center_coordinates(num_patches_h: int, num_patches_w: int, dtype: torch.dtype, device: torch.device) -> torch.Tensor:  # expect: NONE-lru-cache-on-size
    coords_h = torch.arange(0.5, num_patches_h, dtype=dtype, device=device)
    coords_w = torch.arange(0.5, num_patches_w, dtype=dtype, device=device)
    coords_h = coords_h / num_patches_h
    coords_w = coords_w / num_patches_w
    coords = torch.stack(torch.meshgrid(coords_h, coords_w, indexing="ij"), dim=-1)
    coords = coords.flatten(0, 1)
    coords = 2.0 * coords - 1.0
    return coords


class Model(nn.Module):
    def __init__(self, patch_size=4, hidden=8):
        super().__init__()
        self.patch_size = patch_size
        self.inv_freq = nn.Parameter(torch.rand(hidden // 2), requires_grad=False)
        self.patch = nn.Conv2d(3, hidden, patch_size, patch_size)

    def forward(self, pixel_values):
        _, _, height, width = pixel_values.shape
        num_patches_h = height // self.patch_size
        num_patches_w = width // self.patch_size
        device = pixel_values.device
        patch_coords = get_patches_center_coordinates(num_patches_h, num_patches_w, dtype=torch.float32, device=device)  # expect: NONE-lru-cache-on-size
        angles = 2 * torch.pi * patch_coords[:, :, None] * self.inv_freq[None, None, :]
        angles = angles.flatten(1, 2)
        emb = self.patch(pixel_values).flatten(2).transpose(1, 2)
        return emb * torch.cos(angles) + torch.sin(angles)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 3, 16, 16),), (torch.randn(1, 3, 12, 20),), (torch.randn(3, 3, 8, 12),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
