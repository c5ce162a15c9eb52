# Source: huggingface/transformers src/transformers/models/t5/modeling_t5.py
#   (T5Attention._relative_position_bucket and compute_bias): `if bidirectional:` on a Python
#   flag, `math.log(max_distance / max_exact)` on constants, torch.where/torch.min on tensors,
#   positions from `torch.arange(query_length)` of dynamic lengths.
# Look-alike: exports and matches eager.
import math

import torch
from torch import nn
from torch.export import Dim


def relative_position_bucket(relative_position, bidirectional=True, num_buckets=32, max_distance=128):
    relative_buckets = 0
    if bidirectional:
        num_buckets //= 2
        relative_buckets += (relative_position > 0).to(torch.long) * num_buckets
        relative_position = torch.abs(relative_position)
    else:
        relative_position = -torch.min(relative_position, torch.zeros_like(relative_position))
    max_exact = num_buckets // 2
    is_small = relative_position < max_exact
    if_large = max_exact + (
        torch.log(relative_position.float() / max_exact)
        / math.log(max_distance / max_exact)
        * (num_buckets - max_exact)
    ).to(torch.long)
    if_large = torch.min(if_large, torch.full_like(if_large, num_buckets - 1))
    relative_buckets += torch.where(is_small, relative_position, if_large)
    return relative_buckets


class Model(nn.Module):
    def __init__(self, heads=2):
        super().__init__()
        self.relative_attention_bias = nn.Embedding(32, heads)

    def forward(self, hidden):
        query_length = key_length = hidden.shape[1]
        context_position = torch.arange(query_length, dtype=torch.long)[:, None]
        memory_position = torch.arange(key_length, dtype=torch.long)[None, :]
        buckets = relative_position_bucket(memory_position - context_position)
        bias = self.relative_attention_bias(buckets).permute([2, 0, 1]).unsqueeze(0)
        scores = hidden @ hidden.transpose(1, 2)
        return (scores[:, None] + bias).softmax(dim=-1)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 6, 4),), (torch.randn(3, 20, 4),), (torch.randn(2, 3, 4),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
