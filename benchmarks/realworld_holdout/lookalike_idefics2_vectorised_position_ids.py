# Source: huggingface/transformers src/transformers/models/idefics2/modeling_idefics2.py
#   (Idefics2VisionEmbeddings.forward, transformers 5.24): the per-image loop replaced by
#   `nb_patches_h = patch_attention_mask[:, :, 0].sum(dim=1)`, `step_h = 1.0 / nb_patches_h`,
#   `torch.bucketize(...)` on all images at once and `torch.where(mask, pos_ids, position_ids)`.
# Look-alike of idefics2_position_ids_batch_loop.py: exports and matches eager.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, patch_size=2, num_patches_per_side=4, dim=8):
        super().__init__()
        self.patch_size = patch_size
        self.num_patches_per_side = num_patches_per_side
        self.patch_embedding = nn.Conv2d(3, dim, patch_size, stride=patch_size)
        self.position_embedding = nn.Embedding(num_patches_per_side**2, dim)

    def forward(self, pixel_values, patch_attention_mask):
        batch_size, _, max_im_h, max_im_w = pixel_values.shape
        embeddings = self.patch_embedding(pixel_values).flatten(2).transpose(1, 2)
        max_nb_patches_h, max_nb_patches_w = max_im_h // self.patch_size, max_im_w // self.patch_size
        boundaries = torch.arange(1 / self.num_patches_per_side, 1.0, 1 / self.num_patches_per_side)
        position_ids = torch.full(size=(batch_size, max_nb_patches_h * max_nb_patches_w), fill_value=0)
        nb_patches_h = patch_attention_mask[:, :, 0].sum(dim=1)
        nb_patches_w = patch_attention_mask[:, 0, :].sum(dim=1)
        step_h = 1.0 / nb_patches_h
        step_w = 1.0 / nb_patches_w
        h_indices = torch.arange(patch_attention_mask.size(1), dtype=torch.float32)
        w_indices = torch.arange(patch_attention_mask.size(2), dtype=torch.float32)
        fractional_coords_h = torch.clamp(h_indices[None, :] * step_h[:, None], max=(1.0 - 1e-6))
        fractional_coords_w = torch.clamp(w_indices[None, :] * step_w[:, None], max=(1.0 - 1e-6))
        bucket_coords_h = torch.bucketize(fractional_coords_h, boundaries, right=True)
        bucket_coords_w = torch.bucketize(fractional_coords_w, boundaries, right=True)
        pos_ids = bucket_coords_h[:, :, None] * self.num_patches_per_side + bucket_coords_w[:, None, :]
        pos_ids = pos_ids.reshape(batch_size, -1)
        position_ids = torch.where(patch_attention_mask.view(batch_size, -1), pos_ids, position_ids)
        return embeddings + self.position_embedding(position_ids)


def _mask(batch, h, w, sizes):
    mask = torch.zeros(batch, h, w, dtype=torch.bool)
    for i, (a, b) in enumerate(sizes):
        mask[i, :a, :b] = True
    return mask


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 3, 8, 8), _mask(2, 4, 4, [(4, 4), (3, 2)])),
    (torch.randn(3, 3, 12, 8), _mask(3, 6, 4, [(6, 4), (2, 3), (5, 1)])),
    (torch.randn(2, 3, 6, 10), _mask(2, 3, 5, [(3, 5), (1, 4)])),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC}, {0: Dim.DYNAMIC, 1: Dim.DYNAMIC, 2: Dim.DYNAMIC})
