# Source: lucidrains/rotary-embedding-torch rotary_embedding_torch/rotary_embedding_torch.py
#   (RotaryEmbedding.forward, 0.6-era, paraphrased): `should_cache = (self.cache_if_possible and
#   not self.learned_freq and exists(seq_len) and self.freqs_for != 'pixel' and (offset + seq_len)
#   <= self.cache_max_seq_len)`, `if (should_cache and exists(self.cached_freqs) and (offset +
#   seq_len) <= self.cached_freqs_seq_len.item()): return self.cached_freqs[offset:(offset +
#   seq_len)].detach()`, `freqs = einsum('..., f -> ... f', t.type(freqs.dtype), freqs)`, `freqs =
#   repeat(freqs, '... n -> ... (n r)', r = 2)`, `if should_cache and offset == 0:
#   self.cached_freqs[:seq_len] = freqs.detach(); self.cached_freqs_seq_len.copy_(seq_len)`.
# What fails: the cache length lives in a buffer read back with `.item()` and compared with the
#   dynamic sequence length, and the cache is written in forward; a data-dependent test.
import torch
from torch import nn
from torch.export import Dim


class RotaryEmbedding(nn.Module):
    def __init__(self, dim, theta=10000, cache_max_seq_len=64):
        super().__init__()
        freqs = 1.0 / (theta ** (torch.arange(0, dim, 2)[: (dim // 2)].float() / dim))
        self.register_buffer("freqs", freqs, persistent=False)
        self.cache_max_seq_len = cache_max_seq_len
        self.register_buffer("cached_freqs", torch.zeros(cache_max_seq_len, dim), persistent=False)
        self.register_buffer("cached_freqs_seq_len", torch.tensor(0), persistent=False)

    def forward(self, t, seq_len, offset=0):
        should_cache = (offset + seq_len) <= self.cache_max_seq_len
        if should_cache and (offset + seq_len) <= self.cached_freqs_seq_len.item():  # expect: EXL201, EXL101
            return self.cached_freqs[offset : (offset + seq_len)].detach()
        freqs = torch.einsum("..., f -> ... f", t.type(self.freqs.dtype), self.freqs)
        freqs = freqs.repeat_interleave(2, dim=-1)
        if should_cache and offset == 0:
            self.cached_freqs[:seq_len] = freqs.detach()
            self.cached_freqs_seq_len.copy_(torch.tensor(seq_len))
        return freqs


def rotate_half(x):
    x = x.unflatten(-1, (-1, 2))
    x1, x2 = x.unbind(dim=-1)
    return torch.stack((-x2, x1), dim=-1).flatten(-2)


class Model(nn.Module):
    def __init__(self, dim=8):
        super().__init__()
        self.rotary = RotaryEmbedding(dim)
        self.proj = nn.Linear(dim, dim)

    def forward(self, q):
        seq_len = q.shape[1]
        freqs = self.rotary(torch.arange(seq_len), seq_len)
        q = self.proj(q)
        return q * freqs.cos() + rotate_half(q) * freqs.sin()


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 6, 8),), (torch.randn(3, 10, 8),), (torch.randn(1, 4, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
