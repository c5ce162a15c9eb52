# Source: baichuan-inc/Baichuan-13B-Chat modeling_baichuan.py (remote code on the Hub;
#   BaichuanModel.get_alibi_mask, eval path): `if self.first_run: self.first_run = False;
#   self.register_buffer("future_mask", _gen_alibi_mask(self.n_head, self.max_cache_pos)...)`,
#   `if seq_length_with_past > self.max_cache_pos: self.max_cache_pos = seq_length_with_past;
#   self.register_buffer("future_mask", _gen_alibi_mask(...))`, `mask =
#   self.future_mask[: self.n_head, :seq_length_with_past, :seq_length_with_past]`.
# What fails: the size test keeps the cached mask for the traced length; a longer sequence gets
#   a mask that is too small (the guard is dropped in ONNX); and the buffer registered during the
#   first forward is not the one the exported program reads (ep.module() fails even on the
#   traced input).
import math

import torch
from torch import nn
from torch.export import Dim


def _get_interleave(n):
    def _get_interleave_power_of_2(n):
        start = 2 ** (-(2 ** -(math.log2(n) - 3)))
        ratio = start
        return [start * ratio**i for i in range(n)]

    if math.log2(n).is_integer():
        return _get_interleave_power_of_2(n)
    closest_power_of_2 = 2 ** math.floor(math.log2(n))
    return _get_interleave_power_of_2(closest_power_of_2) + _get_interleave(2 * closest_power_of_2)[0::2][: n - closest_power_of_2]


def _fill_with_neg_inf(t):
    return t.float().fill_(float("-inf")).type_as(t)


def _gen_alibi_mask(n_head, max_pos):
    slopes = torch.Tensor(_get_interleave(n_head))
    alibi = slopes.unsqueeze(1).unsqueeze(1) * torch.arange(max_pos).unsqueeze(0).unsqueeze(0).expand(n_head, -1, -1)
    alibi = alibi.view(n_head, 1, max_pos)
    alibi_mask = torch.triu(_fill_with_neg_inf(torch.zeros([max_pos, max_pos])), 1)
    return alibi_mask.unsqueeze(0) + alibi


class Model(nn.Module):
    def __init__(self, n_head=3, head_dim=4, max_cache_pos=6):
        super().__init__()
        self.n_head = n_head
        self.head_dim = head_dim
        self.max_cache_pos = max_cache_pos
        self.first_run = True
        self.W_pack = nn.Linear(n_head * head_dim, 3 * n_head * head_dim)

    def get_alibi_mask(self, tensor, seq_length_with_past):
        if self.first_run:
            self.first_run = False
            self.register_buffer("future_mask", _gen_alibi_mask(self.n_head, self.max_cache_pos).to(tensor), persistent=False)  # expect: NONE-buffer-registered-in-forward
        if seq_length_with_past > self.max_cache_pos:  # expect: EXL102
            self.max_cache_pos = seq_length_with_past
            self.register_buffer("future_mask", _gen_alibi_mask(self.n_head, self.max_cache_pos).to(tensor), persistent=False)
        return self.future_mask[: self.n_head, :seq_length_with_past, :seq_length_with_past]

    def forward(self, hidden_states):
        bsz, q_len, _ = hidden_states.shape
        mask = self.get_alibi_mask(hidden_states, q_len)
        proj = self.W_pack(hidden_states).view(bsz, q_len, 3, self.n_head, self.head_dim).permute(2, 0, 3, 1, 4)
        q, k, v = proj[0], proj[1], proj[2]
        attn = (q @ k.transpose(-1, -2)) / math.sqrt(self.head_dim) + mask[None]
        return (attn.softmax(-1) @ v).transpose(1, 2).reshape(bsz, q_len, -1)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 5, 12),), (torch.randn(1, 9, 12),), (torch.randn(3, 4, 12),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
