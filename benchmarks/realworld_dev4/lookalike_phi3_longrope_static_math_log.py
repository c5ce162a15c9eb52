# Source: huggingface/transformers src/transformers/modeling_rope_utils.py (_compute_longrope_parameters):
#   `scale = max_position_embeddings / original_max_position_embeddings`, `attention_factor =
#   math.sqrt(1 + math.log(scale) / math.log(original_max_position_embeddings))`; the factor comes
#   from the config, not from the input length.
# Look-alike: `math.log`/`math.sqrt` on configuration constants inside forward: exports with a
#   dynamic sequence length and matches eager.
import math

import torch
from torch import nn
from torch.export import Dim


class LongRope(nn.Module):
    def __init__(self, dim=4, max_position_embeddings=64, original_max_position_embeddings=16):
        super().__init__()
        self.dim = dim
        self.max_position_embeddings = max_position_embeddings
        self.original_max_position_embeddings = original_max_position_embeddings
        self.register_buffer("inv_freq", 1.0 / (10000 ** (torch.arange(0, dim, 2).float() / dim)), persistent=False)

    def forward(self, x, position_ids):
        scale = self.max_position_embeddings / self.original_max_position_embeddings
        attention_factor = math.sqrt(1 + math.log(scale) / math.log(self.original_max_position_embeddings))
        freqs = position_ids[..., None].float() * self.inv_freq
        emb = torch.cat((freqs, freqs), dim=-1)
        return x * emb.cos() * attention_factor + x * emb.sin() * attention_factor


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.rope = LongRope()

    def forward(self, x, position_ids):
        return self.rope(x, position_ids)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 5, 4), torch.arange(5).expand(2, 5)),
    (torch.randn(1, 9, 4), torch.arange(9)[None]),
    (torch.randn(3, 4, 4), torch.arange(4).expand(3, 4)),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC}, {0: Dim.DYNAMIC, 1: Dim.DYNAMIC})
