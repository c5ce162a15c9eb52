# Source: sdpython/onnx-diagnostic onnx_diagnostic/torch_export_patches/patches/patch_transformers.py
#   (_patch_make_causal_mask): `mask = torch.full((tgt_len, tgt_len), torch.finfo(dtype).min)`,
#   `mask.masked_fill_(mask_cond < (mask_cond + 1).view(mask.size(-1), 1), 0)`,
#   `if past_key_values_length > 0:` / `if sliding_window is not None:` on Python arguments.
# Look-alike: in-place changes of a fresh tensor (not an input), branches on constants.
import torch
from torch import nn
from torch.export import Dim


def make_causal_mask(input_ids_shape, dtype, past_key_values_length=0, sliding_window=None):
    bsz, tgt_len = input_ids_shape
    mask = torch.full((tgt_len, tgt_len), torch.finfo(dtype).min)
    mask_cond = torch.arange(mask.size(-1))
    mask.masked_fill_(mask_cond < (mask_cond + 1).view(mask.size(-1), 1), 0)
    mask = mask.to(dtype)
    if past_key_values_length > 0:
        mask = torch.cat([torch.zeros(tgt_len, past_key_values_length, dtype=dtype), mask], dim=-1)
    if sliding_window is not None:
        diagonal = past_key_values_length - sliding_window - 1
        context_mask = torch.tril(torch.ones_like(mask, dtype=torch.bool), diagonal=diagonal)
        mask = mask.masked_fill(context_mask, torch.finfo(dtype).min)
    return mask[None, None, :, :].expand(bsz, 1, tgt_len, tgt_len + past_key_values_length)


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(32, 8)

    def forward(self, input_ids):
        hidden = self.embed(input_ids)
        mask = make_causal_mask(input_ids.shape, hidden.dtype, sliding_window=3)
        scores = hidden @ hidden.transpose(1, 2)
        return (scores[:, None] + mask).softmax(dim=-1)


torch.manual_seed(0)
example_inputs = [
    (torch.randint(0, 32, (2, 6)),),
    (torch.randint(0, 32, (3, 9)),),
    (torch.randint(0, 32, (2, 4)),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
