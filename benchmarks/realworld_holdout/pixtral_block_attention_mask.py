# Source: huggingface/transformers src/transformers/models/pixtral/modeling_pixtral.py
#   (generate_block_attention_mask): `block_end_idx = torch.tensor(patch_embeds_list).cumsum(-1)`,
#   `block_start_idx = torch.tensor([0] + patch_embeds_list[:-1]).cumsum(-1)`, `for start, end in
#   zip(block_start_idx, block_end_idx): causal_mask[start:end, start:end] = 0`, with
#   `patch_embeds_list = [p.shape[-2] * p.shape[-1] for p in patch_embeds_list]` in
#   PixtralTransformer's caller (one image per entry).
# What fails: the sizes go through a tensor and come back as 0-d tensors used as slice bounds:
#   the mask is built for the traced image sizes only.
import torch
from torch import nn
from torch.export import Dim


def generate_block_attention_mask(patch_embeds_list, tensor):
    dtype = tensor.dtype
    seq_len = tensor.shape[1]
    d_min = torch.finfo(dtype).min
    causal_mask = torch.full((seq_len, seq_len), fill_value=d_min, dtype=dtype)
    block_end_idx = torch.tensor(patch_embeds_list).cumsum(-1)
    block_start_idx = torch.tensor([0] + patch_embeds_list[:-1]).cumsum(-1)
    for start, end in zip(block_start_idx, block_end_idx):  # expect: EXL401
        causal_mask[start:end, start:end] = 0  # expect: NONE-tensor-slice-bounds
    return causal_mask[None, None, :, :].expand(tensor.shape[0], 1, -1, -1)


class Model(nn.Module):
    def __init__(self, patch_size=2, dim=8):
        super().__init__()
        self.patch_conv = nn.Conv2d(3, dim, patch_size, stride=patch_size, bias=False)
        self.qkv = nn.Linear(dim, 3 * dim)

    def forward(self, image_a, image_b):
        patch_embeds_list = [self.patch_conv(img.unsqueeze(0)) for img in (image_a, image_b)]
        patch_embeds = torch.cat([p.flatten(2).transpose(1, 2) for p in patch_embeds_list], dim=1)
        sizes = [p.shape[-2] * p.shape[-1] for p in patch_embeds_list]
        mask = generate_block_attention_mask(sizes, patch_embeds)
        q, k, v = self.qkv(patch_embeds).chunk(3, dim=-1)
        return nn.functional.scaled_dot_product_attention(q[:, None], k[:, None], v[:, None], attn_mask=mask)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(3, 8, 6), torch.randn(3, 4, 4)),
    (torch.randn(3, 4, 10), torch.randn(3, 6, 6)),
    (torch.randn(3, 6, 6), torch.randn(3, 2, 8)),
]
dynamic_shapes = ({1: Dim.DYNAMIC, 2: Dim.DYNAMIC}, {1: Dim.DYNAMIC, 2: Dim.DYNAMIC})
