# Source: huggingface/transformers src/transformers/models/longformer/modeling_longformer.py
#   (LongformerSelfAttention._sliding_chunks_query_key_matmul): `batch_size, seq_len, num_heads,
#   head_dim = query.size()`, `assert seq_len % (window_overlap * 2) == 0, f"Sequence length should be
#   multiple of {window_overlap * 2}. Given {seq_len}"`, `assert query.size() == key.size()`, `chunks_count
#   = torch.div(seq_len, window_overlap, rounding_mode="trunc") - 1`, `query = query.transpose(1,
#   2).reshape(batch_size * num_heads, seq_len, head_dim)`, `query = self._chunk(query, window_overlap,
#   ...)`.
# Look-alike: the assert only refines the dynamic length to multiples of the window (a
#   runtime check in the exported program): exports and matches eager on lengths it allows.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, dim=8, num_heads=2, window_overlap=2):
        super().__init__()
        self.num_heads = num_heads
        self.head_dim = dim // num_heads
        self.window_overlap = window_overlap
        self.query = nn.Linear(dim, dim)
        self.key = nn.Linear(dim, dim)

    def _sliding_chunks_query_key_matmul(self, query, key, window_overlap):
        batch_size, seq_len, num_heads, head_dim = query.size()
        assert seq_len % (window_overlap * 2) == 0, f"Sequence length should be multiple of {window_overlap * 2}. Given {seq_len}"
        assert query.size() == key.size()
        query = query.transpose(1, 2).reshape(batch_size * num_heads, seq_len, head_dim)
        key = key.transpose(1, 2).reshape(batch_size * num_heads, seq_len, head_dim)
        query = query.view(batch_size * num_heads, seq_len // (window_overlap * 2), window_overlap * 2, head_dim)
        key = key.view(batch_size * num_heads, seq_len // (window_overlap * 2), window_overlap * 2, head_dim)
        return torch.einsum("bcxd,bcyd->bcxy", (query, key))

    def forward(self, hidden_states):
        b, s, _ = hidden_states.shape
        q = self.query(hidden_states).view(b, s, self.num_heads, self.head_dim)
        k = self.key(hidden_states).view(b, s, self.num_heads, self.head_dim)
        return self._sliding_chunks_query_key_matmul(q, k, self.window_overlap)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 8, 8),), (torch.randn(1, 12, 8),), (torch.randn(3, 16, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
