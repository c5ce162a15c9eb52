# Source: huggingface/transformers src/transformers/models/informer/modeling_informer.py
#   (InformerProbSparseAttention.forward, paraphrased; the quoted lines are those of the
#   ProbSparse implementations): `L_K = key_states.size(1)`, `L_Q = query_states.size(1)`, `log_L_K =
#   np.ceil(np.log1p(L_K)).astype("int").item()`, `log_L_Q = np.ceil(np.log1p(L_Q)).astype("int").item()`,
#   `U_part = min(sampling_factor * L_Q * log_L_K, L_K)`, ..., `u = min(sampling_factor * log_L_Q,
#   L_Q)`, `queries_keys_sparsity_measurement = queries_keys_sample.max(dim=-1)[0] -
#   torch.div(queries_keys_sample.sum(dim=-1), L_K)`, `top_u_sparsity_measurement =
#   queries_keys_sparsity_measurement.topk(u, sorted=False)[1]`.
# What fails: numpy (`np.log1p`, `np.ceil`) on the dynamic lengths, and `min()` of sizes, choose
#   how many "active" queries are kept: export cannot trace numpy on a symbolic size. (The
#   random key sampling of the original is replaced by all keys so the model is deterministic.)
import numpy as np
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, dim=8, factor=2):
        super().__init__()
        self.factor = factor
        self.q = nn.Linear(dim, dim)
        self.k = nn.Linear(dim, dim)
        self.v = nn.Linear(dim, dim)

    def forward(self, hidden_states):
        bsz, tgt_len, dim = hidden_states.shape
        src_len = tgt_len
        q, k, v = self.q(hidden_states), self.k(hidden_states), self.v(hidden_states)
        log_L_Q = np.ceil(np.log1p(tgt_len)).astype("int").item()  # expect: EXL302
        u = min(self.factor * log_L_Q, tgt_len)
        scores = q @ k.transpose(1, 2) / dim**0.5
        sparsity = scores.max(dim=-1)[0] - torch.div(scores.sum(dim=-1), src_len)
        top_u = sparsity.topk(u, sorted=False)[1]
        context = v.mean(dim=1, keepdim=True).expand(bsz, tgt_len, dim).clone()
        picked = torch.gather(scores, 1, top_u.unsqueeze(-1).expand(-1, -1, src_len))
        attended = torch.softmax(picked, dim=-1) @ v
        context.scatter_(1, top_u.unsqueeze(-1).expand(-1, -1, dim), attended)
        return context


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 10, 8),), (torch.randn(3, 30, 8),), (torch.randn(1, 5, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
