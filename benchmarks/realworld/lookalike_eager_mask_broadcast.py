# Source: sdpython/onnx-diagnostic onnx_diagnostic/torch_export_patches/patches/_patch_transformers_masking_utils.py
#   (patched_sdpa_mask / patched_eager_mask): the causal and padding masks are built by
#   broadcasting index tensors (`_non_vmap_expansion_sdpa`), then `(~mask).to(dtype) * min_dtype`.
# Look-alike: sizes only feed torch.arange/expand; exports and matches eager.
import torch
from torch import nn
from torch.export import Dim


def causal_padding_mask(cache_position, attention_mask, kv_length, dtype):
    batch_size = attention_mask.shape[0]
    q_length = cache_position.shape[0]
    kv_arange = torch.arange(kv_length)
    batch_idx = torch.arange(batch_size)[:, None, None, None]
    q_idx = cache_position[None, None, :, None]
    kv_idx = kv_arange[None, None, None, :]
    causal = kv_idx <= q_idx
    padding = attention_mask.bool()[batch_idx, kv_idx]
    mask = (causal & padding).expand(batch_size, -1, q_length, kv_length)
    return (~mask).to(dtype) * torch.finfo(dtype).min


class Model(nn.Module):
    def __init__(self, dim=8):
        super().__init__()
        self.q = nn.Linear(dim, dim)
        self.k = nn.Linear(dim, dim)

    def forward(self, hidden, attention_mask):
        seq = hidden.shape[1]
        cache_position = torch.arange(seq)
        mask = causal_padding_mask(cache_position, attention_mask, seq, hidden.dtype)
        scores = self.q(hidden) @ self.k(hidden).transpose(1, 2) / 8**0.5
        return (scores[:, None] + mask).softmax(dim=-1) @ hidden[:, None]


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 5, 8), torch.tensor([[1, 1, 1, 1, 1], [1, 1, 1, 0, 0]])),
    (torch.randn(3, 7, 8), torch.ones(3, 7, dtype=torch.long)),
    (torch.randn(2, 4, 8), torch.tensor([[1, 1, 0, 0], [1, 1, 1, 1]])),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC}, {0: Dim.DYNAMIC, 1: Dim.DYNAMIC})
