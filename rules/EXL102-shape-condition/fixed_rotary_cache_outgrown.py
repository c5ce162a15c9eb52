import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Falcon-style rotary embedding (transformers < 4.38): cos/sin caches, plain tensor
    attributes, extended by a helper when the sequence is longer than what was cached."""

    def __init__(self, dim=8, max_position_embeddings=6, base=10000.0):
        super().__init__()
        inv_freq = 1.0 / (base ** (torch.arange(0, dim, 2, dtype=torch.float32) / dim))
        self.register_buffer("inv_freq", inv_freq, persistent=False)
        self.max_seq_len_cached = max_position_embeddings
        self._set_cos_sin_cache(max_position_embeddings)

    def _set_cos_sin_cache(self, seq_len):
        self.max_seq_len_cached = seq_len
        t = torch.arange(seq_len, dtype=self.inv_freq.dtype)
        freqs = torch.outer(t, self.inv_freq)
        emb = torch.cat((freqs, freqs), dim=-1)
        self.cos_cached = emb.cos()
        self.sin_cached = emb.sin()

    def forward(self, x):
        seq_len = x.shape[-2]
        # expect: EXL102
        self._set_cos_sin_cache(seq_len=seq_len)
        cos = self.cos_cached[:seq_len].to(dtype=x.dtype)
        sin = self.sin_cached[:seq_len].to(dtype=x.dtype)
        x1, x2 = x[..., :4], x[..., 4:]
        return x * cos + torch.cat((-x2, x1), dim=-1) * sin


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 5, 8),), (torch.randn(1, 9, 8),), (torch.randn(3, 4, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
