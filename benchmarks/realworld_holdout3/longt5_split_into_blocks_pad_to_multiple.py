# Source: huggingface/transformers src/transformers/models/longt5/modeling_longt5.py
#   (transformers 5.24; _pad_to_multiple and _split_into_blocks, as called by
#   LongT5LocalAttention.forward): `def _pad_to_multiple(x, block_len, dim, pad_value=0): pad_len =
#   -x.shape[dim] % block_len; if not all(x.shape): new_shape = list(x.shape); new_shape[dim] +=
#   pad_len; return torch.zeros(new_shape, dtype=x.dtype); pad = [(0, 0)] * x.ndim; pad[dim] = (0,
#   pad_len); pad = sum(pad[::-1], ()); x = nn.functional.pad(x, pad=pad, mode="constant",
#   value=pad_value)`; `def _split_into_blocks(x, block_len, dim): if x.shape[dim] % block_len !=
#   0: x = _pad_to_multiple(x, block_len, dim, pad_value=0); num_blocks = x.shape[dim] //
#   block_len; output_shape = x.shape[:dim] + (num_blocks, block_len) + x.shape[(dim + 1):]; if 0
#   in output_shape: return torch.empty(output_shape, ...); return x.reshape(output_shape)`.
# What fails: the split tests the dynamic length modulo the block length and
#   the emptiness of the padded shape in Python.
# Measured (torch 2.13, verification worker): export succeeds; ep.module() fails on an unseen
#   length (AssertionError: Guard failed: hidden_states.size()[1] % 3 != 0).
import torch
from torch import nn
from torch.export import Dim


def _pad_to_multiple(x, block_len, dim, pad_value=0):
    pad_len = -x.shape[dim] % block_len
    if not all(x.shape):
        new_shape = list(x.shape)
        new_shape[dim] += pad_len
        return torch.zeros(new_shape, dtype=x.dtype)
    pad = [(0, 0)] * x.ndim
    pad[dim] = (0, pad_len)
    pad = sum(pad[::-1], ())
    return nn.functional.pad(x, pad=pad, mode="constant", value=pad_value)


def _split_into_blocks(x, block_len, dim):
    if x.shape[dim] % block_len != 0:  # expect: EXL102
        x = _pad_to_multiple(x, block_len, dim, pad_value=0)
    num_blocks = x.shape[dim] // block_len
    output_shape = x.shape[:dim] + (num_blocks, block_len) + x.shape[(dim + 1) :]
    if 0 in output_shape:
        return torch.empty(output_shape, dtype=x.dtype, device=x.device)
    return x.reshape(output_shape)


class Model(nn.Module):
    def __init__(self, dim=8, block_len=3):
        super().__init__()
        self.block_len = block_len
        self.q = nn.Linear(dim, dim, bias=False)
        self.k = nn.Linear(dim, dim, bias=False)
        self.v = nn.Linear(dim, dim, bias=False)

    def forward(self, hidden_states):
        seq_length = hidden_states.shape[1]
        q = _split_into_blocks(self.q(hidden_states), self.block_len, dim=1)
        k = _split_into_blocks(self.k(hidden_states), self.block_len, dim=1)
        v = _split_into_blocks(self.v(hidden_states), self.block_len, dim=1)
        scores = torch.einsum("...qd,...kd->...qk", q, k)
        attn = scores.softmax(-1)
        out = torch.einsum("...qk,...kd->...qd", attn, v)
        out = out.reshape(out.shape[0], -1, out.shape[-1])
        return out[:, :seq_length]


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 7, 8),), (torch.randn(3, 12, 8),), (torch.randn(2, 5, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
