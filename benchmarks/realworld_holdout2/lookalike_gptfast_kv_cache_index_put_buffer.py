# Source: pytorch-labs/gpt-fast model.py (KVCache.update and Attention.forward, paraphrased):
#   `class KVCache(nn.Module): def __init__(self, max_batch_size, max_seq_length, n_heads, head_dim,
#   dtype=torch.bfloat16): cache_shape = (max_batch_size, n_heads, max_seq_length, head_dim);
#   self.register_buffer('k_cache', torch.zeros(cache_shape, dtype=dtype)); ...`, `def update(self,
#   input_pos, k_val, v_val): assert input_pos.shape[0] == k_val.shape[2]; k_out = self.k_cache;
#   v_out = self.v_cache; k_out[:, :, input_pos] = k_val; v_out[:, :, input_pos] = v_val; return
#   k_out, v_out`, and `mask = self.causal_mask[None, None, input_pos]`,
#   `y = F.scaled_dot_product_attention(q, k, v, attn_mask=mask, dropout_p=0.0)`.
# Look-alike: the cache is a buffer written in place at tensor positions in forward; torch.export
#   functionalises the buffer mutation and torch.onnx keeps it: exports and matches eager on unseen
#   lengths (measured; every example prefills from position 0, so no call reads another's state).
import torch
import torch.nn.functional as F
from torch import nn
from torch.export import Dim


class KVCache(nn.Module):
    def __init__(self, max_batch_size, max_seq_length, n_heads, head_dim):
        super().__init__()
        cache_shape = (max_batch_size, n_heads, max_seq_length, head_dim)
        self.register_buffer("k_cache", torch.zeros(cache_shape))
        self.register_buffer("v_cache", torch.zeros(cache_shape))

    def update(self, input_pos, k_val, v_val):
        k_out = self.k_cache
        v_out = self.v_cache
        k_out[:, :, input_pos] = k_val
        v_out[:, :, input_pos] = v_val
        return k_out, v_out


class Model(nn.Module):
    def __init__(self, dim=8, heads=2, max_seq=16):
        super().__init__()
        self.heads, self.head_dim = heads, dim // heads
        self.wqkv = nn.Linear(dim, 3 * dim)
        self.kv_cache = KVCache(1, max_seq, heads, dim // heads)
        self.register_buffer("causal_mask", torch.tril(torch.ones(max_seq, max_seq, dtype=torch.bool)))

    def forward(self, x, input_pos):
        bsz, seqlen, dim = x.shape
        q, k, v = self.wqkv(x).split(dim, dim=-1)
        q, k, v = (t.view(bsz, seqlen, self.heads, self.head_dim).transpose(1, 2) for t in (q, k, v))
        k, v = self.kv_cache.update(input_pos, k, v)
        mask = self.causal_mask[None, None, input_pos]
        y = F.scaled_dot_product_attention(q, k, v, attn_mask=mask, dropout_p=0.0)
        return y.transpose(1, 2).reshape(bsz, seqlen, dim)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(1, 4, 8), torch.arange(0, 4)),
    (torch.randn(1, 6, 8), torch.arange(0, 6)),
    (torch.randn(1, 3, 8), torch.arange(0, 3)),
]
s = Dim("s", max=16)
dynamic_shapes = ({1: s}, {0: s})
