# Source: huggingface/transformers src/transformers/models/autoformer/modeling_autoformer.py
#   (AutoformerAttention.forward, time-delay aggregation, paraphrased): `query_states_fft =
#   torch.fft.rfft(query_states, n=tgt_len, dim=1)`, ..., `attn_weights =
#   torch.fft.irfft(attn_weights, n=tgt_len, dim=1)`, `time_length = value_states.size(1)`,
#   `autocorrelations = attn_weights.view(bsz, self.num_heads, tgt_len, channel)`,
#   `top_k = int(self.autocorrelation_factor * math.log(time_length))`,
#   `autocorrelations_mean_on_head_channel = torch.mean(autocorrelations, dim=(1, -1))`,
#   `if self.training: ... else: top_k_autocorrelations, top_k_delays_index =
#   torch.topk(autocorrelations_mean_on_head_channel, top_k, dim=1)`.
# What fails: `math.log` of the dynamic series length, truncated with `int()`, picks how many
#   delays are aggregated: export cannot keep it symbolic. (The FFT is replaced here by a
#   circular correlation computed with roll-free matmuls so that only the size math is at issue.)
import math

import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, dim=8, factor=2):
        super().__init__()
        self.autocorrelation_factor = factor
        self.q = nn.Linear(dim, dim)
        self.k = nn.Linear(dim, dim)
        self.v = nn.Linear(dim, dim)

    def forward(self, hidden_states):
        bsz, tgt_len, channel = hidden_states.shape
        q, k, v = self.q(hidden_states), self.k(hidden_states), self.v(hidden_states)
        scores = torch.einsum("btc,bsc->bts", q, k) / channel
        time_length = v.size(1)
        top_k = int(self.autocorrelation_factor * math.log(time_length))  # expect: EXL302
        mean_corr = scores.mean(dim=-1)
        weights, delays = torch.topk(mean_corr, top_k, dim=1)
        weights = torch.softmax(weights, dim=-1)
        picked = torch.gather(v, 1, delays.unsqueeze(-1).expand(-1, -1, channel))
        return (weights.unsqueeze(-1) * picked).sum(dim=1)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 12, 8),), (torch.randn(3, 40, 8),), (torch.randn(1, 7, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
