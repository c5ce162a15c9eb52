# Source: espnet/espnet espnet/nets/pytorch_backend/transformer/attention.py
#   (RelPositionMultiHeadedAttention.rel_shift and forward, "new" relative positional encoding
#   whose table has 2*time1-1 positions): `def rel_shift(self, x): zero_pad =
#   torch.zeros((*x.size()[:3], 1), device=x.device, dtype=x.dtype); x_padded = torch.cat([zero_pad,
#   x], dim=-1); x_padded = x_padded.view(*x.size()[:2], x.size(3) + 1, x.size(2)); x =
#   x_padded[:, :, 1:].view_as(x)[:, :, :, : x.size(-1) // 2 + 1]  # only keep the positions from 0
#   to time2; if self.zero_triu: ...; return x`; forward: `q = q.transpose(1, 2)`, `n_batch_pos =
#   pos_emb.size(0)`, `p = self.linear_pos(pos_emb).view(n_batch_pos, -1, self.h, self.d_k)`, `p =
#   p.transpose(1, 2)`, `q_with_bias_u = (q + self.pos_bias_u).transpose(1, 2)`, `q_with_bias_v =
#   (q + self.pos_bias_v).transpose(1, 2)`, `matrix_ac = torch.matmul(q_with_bias_u, k.transpose(-2,
#   -1))`, `matrix_bd = torch.matmul(q_with_bias_v, p.transpose(-2, -1))`, `matrix_bd =
#   self.rel_shift(matrix_bd)`, `scores = (matrix_ac + matrix_bd) / math.sqrt(self.d_k)`. The
#   position table is espnet's RelPositionalEncoding (positive then negative positions, sliced
#   around the centre), computed here for the input length.
# Look-alike: the shift pads, views and slices with sizes read from the dynamic time axis
#   (`x.size(3) + 1`, `x.size(-1) // 2 + 1`); every one stays symbolic: exports, converts and
#   matches eager on unseen lengths.
import math

import torch
from torch import nn
from torch.export import Dim


def rel_positional_encoding(x, d_model):
    T = x.size(1)
    position = torch.arange(0, T, dtype=torch.float32).unsqueeze(1)
    div_term = torch.exp(torch.arange(0, d_model, 2, dtype=torch.float32) * -(math.log(10000.0) / d_model))
    pe_positive = torch.zeros(T, d_model)
    pe_negative = torch.zeros(T, d_model)
    pe_positive[:, 0::2] = torch.sin(position * div_term)
    pe_positive[:, 1::2] = torch.cos(position * div_term)
    pe_negative[:, 0::2] = torch.sin(-1 * position * div_term)
    pe_negative[:, 1::2] = torch.cos(-1 * position * div_term)
    pe_positive = torch.flip(pe_positive, [0]).unsqueeze(0)
    pe_negative = pe_negative[1:].unsqueeze(0)
    return torch.cat([pe_positive, pe_negative], dim=1)


class RelPositionMultiHeadedAttention(nn.Module):
    def __init__(self, n_head=2, n_feat=8, zero_triu=False):
        super().__init__()
        self.d_k = n_feat // n_head
        self.h = n_head
        self.zero_triu = zero_triu
        self.linear_q = nn.Linear(n_feat, n_feat)
        self.linear_k = nn.Linear(n_feat, n_feat)
        self.linear_v = nn.Linear(n_feat, n_feat)
        self.linear_out = nn.Linear(n_feat, n_feat)
        self.linear_pos = nn.Linear(n_feat, n_feat, bias=False)
        self.pos_bias_u = nn.Parameter(torch.randn(self.h, self.d_k) * 0.1)
        self.pos_bias_v = nn.Parameter(torch.randn(self.h, self.d_k) * 0.1)

    def rel_shift(self, x):
        zero_pad = torch.zeros((*x.size()[:3], 1), device=x.device, dtype=x.dtype)
        x_padded = torch.cat([zero_pad, x], dim=-1)
        x_padded = x_padded.view(*x.size()[:2], x.size(3) + 1, x.size(2))
        x = x_padded[:, :, 1:].view_as(x)[:, :, :, : x.size(-1) // 2 + 1]
        if self.zero_triu:
            ones = torch.ones((x.size(2), x.size(3)), device=x.device)
            x = x * torch.tril(ones, x.size(3) - x.size(2))[None, None, :, :]
        return x

    def forward(self, query, key, value, pos_emb):
        n_batch = query.size(0)
        q = self.linear_q(query).view(n_batch, -1, self.h, self.d_k)
        k = self.linear_k(key).view(n_batch, -1, self.h, self.d_k).transpose(1, 2)
        v = self.linear_v(value).view(n_batch, -1, self.h, self.d_k).transpose(1, 2)
        n_batch_pos = pos_emb.size(0)
        p = self.linear_pos(pos_emb).view(n_batch_pos, -1, self.h, self.d_k).transpose(1, 2)
        q_with_bias_u = (q + self.pos_bias_u).transpose(1, 2)
        q_with_bias_v = (q + self.pos_bias_v).transpose(1, 2)
        matrix_ac = torch.matmul(q_with_bias_u, k.transpose(-2, -1))
        matrix_bd = torch.matmul(q_with_bias_v, p.transpose(-2, -1))
        matrix_bd = self.rel_shift(matrix_bd)
        scores = (matrix_ac + matrix_bd) / math.sqrt(self.d_k)
        attn = torch.softmax(scores, dim=-1)
        x = torch.matmul(attn, v).transpose(1, 2).contiguous().view(n_batch, -1, self.h * self.d_k)
        return self.linear_out(x)


class Model(nn.Module):
    def __init__(self, n_feat=8):
        super().__init__()
        self.n_feat = n_feat
        self.attn = RelPositionMultiHeadedAttention(n_feat=n_feat)

    def forward(self, x):
        pos_emb = rel_positional_encoding(x, self.n_feat)
        return self.attn(x, x, x, pos_emb)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 6, 8),), (torch.randn(3, 11, 8),), (torch.randn(2, 4, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
