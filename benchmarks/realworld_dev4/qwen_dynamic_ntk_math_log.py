# Source: QwenLM/Qwen modeling_qwen.py (QWenModel.forward / get_ntk_alpha): `context_value =
#   math.log(true_seq_len / self.seq_length, 2) + 1`, `ntk_alpha = 2 ** math.ceil(context_value) - 1`,
#   `ntk_alpha = max(ntk_alpha, 1)`, then RotaryEmbedding(..., ntk_alpha=ntk_alpha) recomputes
#   `base = self.base * ntk_alpha ** (self.dim / (self.dim - 2))`.
# What fails: `math.log`/`math.ceil` of the dynamic sequence length in a helper make Python floats:
#   torch.export specialises the sequence length.
import math

import torch
from torch import nn
from torch.export import Dim


class RotaryEmbedding(nn.Module):
    def __init__(self, dim=4, base=10000, seq_length=4):
        super().__init__()
        self.dim = dim
        self.base = base
        self.seq_length = seq_length

    def get_ntk_alpha(self, true_seq_len):
        context_value = math.log(true_seq_len / self.seq_length, 2) + 1  # expect: EXL302
        ntk_alpha = 2 ** math.ceil(context_value) - 1
        return max(ntk_alpha, 1)

    def forward(self, x):
        seqlen = x.shape[1]
        ntk_alpha = self.get_ntk_alpha(seqlen)
        base = self.base * ntk_alpha ** (self.dim / (self.dim - 2))
        inv_freq = 1.0 / (base ** (torch.arange(0, self.dim, 2).float() / self.dim))
        seq = torch.arange(seqlen).float()
        freqs = torch.outer(seq, inv_freq)
        return torch.cat([freqs.cos(), freqs.sin()], dim=-1)


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.rotary = RotaryEmbedding()

    def forward(self, x):
        return x * self.rotary(x)[None]


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 5, 4),), (torch.randn(1, 9, 4),), (torch.randn(3, 17, 4),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
