# Source: sdpython/onnx-diagnostic onnx_diagnostic/torch_export_patches/patches/patch_transformers.py
#   (patched_dynamic_rope_update.dynamic_frequency_update): both frequency sets are computed and
#   `torch.cond(seq_len >= self.original_max_seq_len, ...)` picks one; no Python `if` on a tensor.
# Look-alike of rope_dynamic_frequency_update.py: exports and matches eager.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, dim=8, base=10000.0, max_positions=16):
        super().__init__()
        self.dim = dim
        self.base = base
        self.original_max_seq_len = max_positions
        inv_freq = 1.0 / (base ** (torch.arange(0, dim, 2, dtype=torch.float) / dim))
        self.register_buffer("original_inv_freq", inv_freq, persistent=False)

    def ntk_inv_freq(self, seq_len):
        base = self.base * ((2.0 * seq_len / self.original_max_seq_len) - 1.0) ** (self.dim / (self.dim - 2))
        return 1.0 / (base ** (torch.arange(0, self.dim, 2, dtype=torch.float) / self.dim))

    def forward(self, x, position_ids):
        seq_len = torch.max(position_ids) + 1
        long_inv_freq = self.ntk_inv_freq(seq_len)
        inv_freq = torch.cond(
            seq_len > self.original_max_seq_len,
            lambda a, b: a.clone(),
            lambda a, b: b.clone(),
            [long_inv_freq, self.original_inv_freq],
        )
        freqs = inv_freq[None, :, None] * position_ids[:, None, :].float()
        emb = torch.cat((freqs, freqs), dim=1).transpose(1, 2)
        return x * emb.cos() + x * emb.sin()


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 5, 8), torch.arange(5).expand(2, 5)),
    (torch.randn(3, 20, 8), torch.arange(20).expand(3, 20)),
    (torch.randn(2, 7, 8), torch.arange(7).expand(2, 7)),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC}, {0: Dim.DYNAMIC, 1: Dim.DYNAMIC})
