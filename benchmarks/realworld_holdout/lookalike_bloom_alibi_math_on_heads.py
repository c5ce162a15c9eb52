# Source: huggingface/transformers src/transformers/models/bloom/modeling_bloom.py
#   (build_alibi_tensor): `closest_power_of_2 = 2 ** math.floor(math.log2(num_heads))`, `base =
#   torch.tensor(2 ** (-(2 ** -(math.log2(closest_power_of_2) - 3))), ...)`, `if
#   closest_power_of_2 != num_heads: ... num_remaining_heads = min(closest_power_of_2, num_heads -
#   closest_power_of_2)`, `arange_tensor = ((attention_mask.cumsum(dim=-1) - 1) *
#   attention_mask)[:, None, :]`, `alibi = slopes[..., None] * arange_tensor`.
# Look-alike: `math.*`, `min` and `if` on the number of heads (a config value), positions from
#   the mask with tensor ops: exports and matches eager.
import math

import torch
from torch import nn
from torch.export import Dim


def build_alibi_tensor(attention_mask, num_heads, dtype):
    batch_size, seq_length = attention_mask.shape
    closest_power_of_2 = 2 ** math.floor(math.log2(num_heads))
    base = torch.tensor(2 ** (-(2 ** -(math.log2(closest_power_of_2) - 3))), dtype=torch.float32)
    powers = torch.arange(1, 1 + closest_power_of_2, dtype=torch.int32)
    slopes = torch.pow(base, powers)
    if closest_power_of_2 != num_heads:
        extra_base = torch.tensor(2 ** (-(2 ** -(math.log2(2 * closest_power_of_2) - 3))), dtype=torch.float32)
        num_remaining_heads = min(closest_power_of_2, num_heads - closest_power_of_2)
        extra_powers = torch.arange(1, 1 + 2 * num_remaining_heads, 2, dtype=torch.int32)
        slopes = torch.cat([slopes, torch.pow(extra_base, extra_powers)], dim=0)
    arange_tensor = ((attention_mask.cumsum(dim=-1) - 1) * attention_mask)[:, None, :]
    alibi = slopes[..., None] * arange_tensor
    return alibi.reshape(batch_size * num_heads, 1, seq_length).to(dtype)


class Model(nn.Module):
    def __init__(self, vocab=20, num_heads=6, head_dim=2):
        super().__init__()
        self.num_heads = num_heads
        self.head_dim = head_dim
        self.embed = nn.Embedding(vocab, num_heads * head_dim)
        self.qkv = nn.Linear(num_heads * head_dim, 3 * num_heads * head_dim)

    def forward(self, input_ids, attention_mask):
        batch, seq = input_ids.shape
        hidden = self.embed(input_ids)
        alibi = build_alibi_tensor(attention_mask, self.num_heads, hidden.dtype)
        q, k, v = self.qkv(hidden).view(batch, seq, 3, self.num_heads, self.head_dim).permute(2, 0, 3, 1, 4)
        scores = (q @ k.transpose(-1, -2)).reshape(batch * self.num_heads, seq, seq) / math.sqrt(self.head_dim)
        scores = scores + alibi
        probs = scores.view(batch, self.num_heads, seq, seq).softmax(-1)
        return (probs @ v).transpose(1, 2).reshape(batch, seq, -1)


torch.manual_seed(0)
example_inputs = [
    (torch.randint(0, 20, (2, 5)), torch.tensor([[1, 1, 1, 1, 1], [0, 0, 1, 1, 1]])),
    (torch.randint(0, 20, (3, 7)), torch.ones(3, 7, dtype=torch.long)),
    (torch.randint(0, 20, (1, 4)), torch.tensor([[0, 1, 1, 1]])),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC}, {0: Dim.DYNAMIC, 1: Dim.DYNAMIC})
