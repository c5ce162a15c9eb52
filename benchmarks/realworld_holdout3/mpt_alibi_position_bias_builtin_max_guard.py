# Source: huggingface/transformers src/transformers/models/mpt/modeling_mpt.py (transformers 5.24;
#   build_mpt_alibi_tensor, MptModel.forward and MptAttention.forward, without cache):
#   `alibi = self.build_mpt_alibi_tensor(self.num_heads, self.config.max_seq_len,
#   device=hidden_states.device)`; `alibi = torch.arange(1 - sequence_length, 1,
#   dtype=torch.int32, device=device).view(1, 1, 1, sequence_length)`, `num_heads_power_of_2 = 2 **
#   math.ceil(math.log2(num_heads))`, ..., `slopes = 1.0 / torch.pow(2, base)`, `alibi = alibi *
#   slopes`, `return alibi.squeeze(0)`; in the attention: `query_length = seq_length if cache is
#   None else ...`, `if len(position_bias.shape) != 3: raise ValueError(...)`, `key_length =
#   key_states.shape[-2]`, `position_bias_query_index = max(0, position_bias.size(1) -
#   query_length)`, `position_bias_key_index = max(0, position_bias.size(2) - key_length)`,
#   `position_bias = position_bias[:, position_bias_query_index:, position_bias_key_index:]`,
#   `attention_scores = attention_scores + position_bias`.
# What fails (written as a look-alike, reclassified by measurement): `math.log2` runs on the
#   configured head count and the bias table is built for the configured maximum length, but
#   Python's `max(0, position_bias.size(2) - key_length)` makes export guard on the key length
#   (`key_length != max_seq_len`, the point where the two operands meet); declared over the
#   model's own range (2..max_seq_len) the export fails: "Constraints violated (seq)! Not all
#   values of seq ... in the specified range seq <= 32 satisfy the generated guard
#   L['input_ids'].size()[1] != 32" (measured, torch 2.13).
import math

import torch
from torch import nn
from torch.export import Dim


def build_mpt_alibi_tensor(num_heads, sequence_length, alibi_bias_max=8, device=None):
    alibi = torch.arange(1 - sequence_length, 1, dtype=torch.int32, device=device).view(1, 1, 1, sequence_length)
    num_heads_power_of_2 = 2 ** math.ceil(math.log2(num_heads))
    base = torch.arange(1, num_heads_power_of_2 + 1, dtype=torch.int64, device=device).float()
    base = base * (alibi_bias_max / num_heads_power_of_2)
    slopes = 1.0 / torch.pow(2, base)
    slopes = slopes.view(1, num_heads_power_of_2, 1, 1)
    if num_heads_power_of_2 != num_heads:
        slopes = torch.concat([slopes[:, 1::2, ...], slopes[:, ::2, ...]], dim=1)[:, :num_heads, ...]
    alibi = alibi * slopes
    return alibi.squeeze(0)


class MptAttention(nn.Module):
    def __init__(self, hidden_size=12, n_heads=3):
        super().__init__()
        self.n_heads = n_heads
        self.head_dim = hidden_size // n_heads
        self.softmax_scale = 1 / math.sqrt(hidden_size / n_heads)
        self.Wqkv = nn.Linear(hidden_size, 3 * hidden_size, bias=False)
        self.out_proj = nn.Linear(hidden_size, hidden_size, bias=False)

    def forward(self, hidden_states, position_bias, attention_mask=None):
        batch_size, seq_length = hidden_states.shape[:2]
        mixed_qkv = self.Wqkv(hidden_states)
        query_states, key_states, value_states = mixed_qkv.chunk(3, dim=2)
        query_states = query_states.reshape(batch_size, seq_length, self.n_heads, self.head_dim).transpose(1, 2)
        key_states = key_states.reshape(batch_size, seq_length, self.n_heads, self.head_dim).transpose(1, 2)
        value_states = value_states.reshape(batch_size, seq_length, self.n_heads, self.head_dim).transpose(1, 2)
        attention_scores = torch.matmul(query_states, key_states.transpose(-1, -2)) * self.softmax_scale
        query_length = seq_length
        if position_bias is not None:
            if len(position_bias.shape) != 3:
                raise ValueError(f"Expecting position_bias shape to be 3 dimensions, got {len(position_bias.shape)}")
            key_length = key_states.shape[-2]
            position_bias_query_index = max(0, position_bias.size(1) - query_length)
            position_bias_key_index = max(0, position_bias.size(2) - key_length)  # expect: NONE-builtin-max-guard
            position_bias = position_bias[:, position_bias_query_index:, position_bias_key_index:]
            attention_scores = attention_scores + position_bias
        if attention_mask is not None:
            attention_scores = attention_scores.masked_fill(attention_mask, torch.finfo(query_states.dtype).min)
        attn_weights = nn.functional.softmax(attention_scores.float(), dim=-1).to(value_states.dtype)
        context_states = torch.matmul(attn_weights, value_states)
        context_states = context_states.permute(0, 2, 1, 3).contiguous().view(batch_size, seq_length, -1)
        return self.out_proj(context_states)


class Model(nn.Module):
    def __init__(self, vocab=30, hidden_size=12, n_heads=3, max_seq_len=32):
        super().__init__()
        self.num_heads = n_heads
        self.max_seq_len = max_seq_len
        self.wte = nn.Embedding(vocab, hidden_size)
        self.attn = MptAttention(hidden_size, n_heads)

    def forward(self, input_ids):
        hidden_states = self.wte(input_ids)
        alibi = build_mpt_alibi_tensor(self.num_heads, self.max_seq_len, device=hidden_states.device)
        seq_length = input_ids.shape[1]
        causal_mask = torch.ones(seq_length, seq_length, dtype=torch.bool).triu(1)
        return self.attn(hidden_states, alibi, causal_mask[None, None])


torch.manual_seed(0)
example_inputs = [
    (torch.randint(0, 30, (2, 7)),),
    (torch.randint(0, 30, (3, 12)),),
    (torch.randint(0, 30, (2, 5)),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim("seq", min=2, max=32)},)
