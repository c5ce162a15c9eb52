# Source: sdpython/onnx-diagnostic onnx_diagnostic/torch_export_patches/patches/patch_transformers.py
#   (patched_IdeficsEmbedding.forward: the comment keeps transformers' original
#   `if seq_len > self.max_seq_len_cached: self._set_cos_sin_cache(seq_len=seq_len, ...)` and the
#   slice `self.cos_cached[:seq_len]`, with `seq_len` a tensor here).
# What fails: the `if` on a tensor (GuardOnDataDependentSymNode).
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, dim=8, max_positions=16):
        super().__init__()
        self.dim = dim
        self.max_seq_len_cached = max_positions
        self.register_buffer("inv_freq", 1.0 / (10000 ** (torch.arange(0, dim, 2).float() / dim)), persistent=False)
        self._set_cos_sin_cache(max_positions)

    def _set_cos_sin_cache(self, seq_len):
        t = torch.arange(seq_len).type_as(self.inv_freq)
        emb = torch.cat([torch.einsum("i,j->ij", t, self.inv_freq)] * 2, dim=-1)
        self.register_buffer("cos_cached", emb.cos(), persistent=False)

    def forward(self, x, seq_len):
        if seq_len > self.max_seq_len_cached:  # expect: EXL101
            self._set_cos_sin_cache(seq_len)
        return x * self.cos_cached[: x.shape[1]]


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 5, 8), torch.tensor(5)),
    (torch.randn(3, 9, 8), torch.tensor(12)),
    (torch.randn(2, 3, 8), torch.tensor(3)),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC}, None)
