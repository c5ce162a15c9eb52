# Source: huggingface/transformers src/transformers/models/esm/modeling_esm.py
#   (RotaryEmbedding._update_cos_sin_tables): `seq_len = x.shape[seq_dimension]`, `# Reset the
#   tables if the sequence length has changed,`, `if seq_len != self._seq_len_cached or
#   self._cos_cached.device != x.device: self._seq_len_cached = seq_len; t =
#   torch.arange(x.shape[seq_dimension], device=x.device).type_as(self.inv_freq); freqs =
#   torch.outer(t, self.inv_freq); emb = torch.cat((freqs, freqs), dim=-1).to(x.device);
#   self._cos_cached = emb.cos()[None, None, :, :]`, `return self._cos_cached, self._sin_cached`.
# Look-alike: the cache test compares the dynamic length with None (nothing cached in a fresh
#   model), so no guard is made and the tables are recomputed from the traced length: exports and
#   matches eager on unseen lengths.
import torch
from torch import nn
from torch.export import Dim


def rotate_half(x):
    x1, x2 = x.chunk(2, dim=-1)
    return torch.cat((-x2, x1), dim=-1)


class RotaryEmbedding(nn.Module):
    def __init__(self, dim: int):
        super().__init__()
        inv_freq = 1.0 / (10000 ** (torch.arange(0, dim, 2, dtype=torch.int64).float() / dim))
        self.register_buffer("inv_freq", inv_freq)
        self._seq_len_cached = None
        self._cos_cached = None
        self._sin_cached = None

    def _update_cos_sin_tables(self, x, seq_dimension=2):
        seq_len = x.shape[seq_dimension]
        if seq_len != self._seq_len_cached or self._cos_cached.device != x.device:
            self._seq_len_cached = seq_len
            t = torch.arange(x.shape[seq_dimension], device=x.device).type_as(self.inv_freq)
            freqs = torch.outer(t, self.inv_freq)
            emb = torch.cat((freqs, freqs), dim=-1).to(x.device)
            self._cos_cached = emb.cos()[None, None, :, :]
            self._sin_cached = emb.sin()[None, None, :, :]
        return self._cos_cached, self._sin_cached

    def forward(self, q, k):
        cos, sin = self._update_cos_sin_tables(k, seq_dimension=-2)
        q = (q * cos) + (rotate_half(q) * sin)
        k = (k * cos) + (rotate_half(k) * sin)
        return q, k


class Model(nn.Module):
    def __init__(self, heads=2, head_dim=4):
        super().__init__()
        self.heads = heads
        self.head_dim = head_dim
        self.qk = nn.Linear(heads * head_dim, 2 * heads * head_dim)
        self.rotary_embeddings = RotaryEmbedding(dim=head_dim)

    def forward(self, hidden_states):
        b, s, _ = hidden_states.shape
        q, k = self.qk(hidden_states).view(b, s, 2, self.heads, self.head_dim).permute(2, 0, 3, 1, 4).unbind(0)
        q, k = self.rotary_embeddings(q, k)
        return (q @ k.transpose(-1, -2)).softmax(-1)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 5, 8),), (torch.randn(1, 9, 8),), (torch.randn(3, 4, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
