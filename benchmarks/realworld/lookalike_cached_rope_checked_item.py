# Source: sdpython/onnx-diagnostic onnx_diagnostic/torch_export_patches/patches/patch_transformers.py
#   (patched_IdeficsEmbedding.forward, its `_set_cos_sin_cache_else` branch):
#   `torch._check(seq_len.item() <= cos_cached.shape[0])` then
#   `cos_cached[: seq_len.item()]`.
# Look-alike: an `.item()` value used to slice after torch._check; exports and matches.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, dim=8, max_positions=32):
        super().__init__()
        inv_freq = 1.0 / (10000 ** (torch.arange(0, dim, 2).float() / dim))
        t = torch.arange(max_positions).float()
        emb = torch.cat([torch.outer(t, inv_freq)] * 2, dim=-1)
        self.register_buffer("cos_cached", emb.cos(), persistent=False)

    def forward(self, x, seq_len):
        n = seq_len.item()
        torch._check(n >= 0)
        torch._check(n <= self.cos_cached.shape[0])
        cos = self.cos_cached[:n]
        return x.sum(dim=1, keepdim=True) * cos.sum(dim=0)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 5, 8), torch.tensor(5)),
    (torch.randn(3, 9, 8), torch.tensor(20)),
    (torch.randn(2, 3, 8), torch.tensor(3)),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC}, None)
