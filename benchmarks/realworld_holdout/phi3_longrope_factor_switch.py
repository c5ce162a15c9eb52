# Source: huggingface/transformers src/transformers/models/phi3/modeling_phi3.py
#   (Phi3LongRoPEScaledRotaryEmbedding.forward, transformers 4.4x): `seq_len =
#   torch.max(position_ids) + 1`, `if seq_len > self.original_max_position_embeddings:
#   ext_factors = torch.tensor(self.long_factor, ...) else: ext_factors = torch.tensor(
#   self.short_factor, ...)`, `scaling_factor = math.sqrt(1 + math.log(scale) /
#   math.log(self.original_max_position_embeddings))` on config values.
# What fails: the `if` tests a tensor (the largest position): GuardOnDataDependentSymNode.
import math

import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, dim=8, base=10000.0, max_positions=64, original_max_positions=16):
        super().__init__()
        self.dim = dim
        self.base = base
        self.max_position_embeddings = max_positions
        self.original_max_position_embeddings = original_max_positions
        self.short_factor = [1.0, 1.1, 1.2, 1.3]
        self.long_factor = [2.0, 3.0, 4.0, 5.0]

    def forward(self, x, position_ids):
        seq_len = torch.max(position_ids) + 1
        if seq_len > self.original_max_position_embeddings:  # expect: EXL101
            ext_factors = torch.tensor(self.long_factor, dtype=torch.float32)
        else:
            ext_factors = torch.tensor(self.short_factor, dtype=torch.float32)
        inv_freq_shape = torch.arange(0, self.dim, 2, dtype=torch.int64).float() / self.dim
        inv_freq = 1.0 / (ext_factors * self.base**inv_freq_shape)
        inv_freq_expanded = inv_freq[None, :, None].float().expand(position_ids.shape[0], -1, 1)
        position_ids_expanded = position_ids[:, None, :].float()
        freqs = (inv_freq_expanded @ position_ids_expanded).transpose(1, 2)
        emb = torch.cat((freqs, freqs), dim=-1)
        scale = self.max_position_embeddings / self.original_max_position_embeddings
        if scale <= 1.0:
            scaling_factor = 1.0
        else:
            scaling_factor = math.sqrt(1 + math.log(scale) / math.log(self.original_max_position_embeddings))
        return x * (emb.cos() * scaling_factor) + x * (emb.sin() * scaling_factor)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 5, 8), torch.arange(5).expand(2, 5)),
    (torch.randn(1, 20, 8), torch.arange(20).expand(1, 20)),
    (torch.randn(3, 7, 8), torch.arange(7).expand(3, 7)),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC}, {0: Dim.DYNAMIC, 1: Dim.DYNAMIC})
