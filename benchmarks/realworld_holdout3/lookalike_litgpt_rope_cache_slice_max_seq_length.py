# Source: Lightning-AI/litgpt litgpt/model.py (GPT.forward without input_pos, build_rope_cache,
#   apply_rope and CausalSelfAttention.scaled_dot_product_attention; paraphrased, one block, no
#   MLP): `T = idx.size(1)`, `if self.max_seq_length < T: raise ValueError(f"Cannot forward
#   sequence of length {T}, max seq length is only {self.max_seq_length}.")`, `cos = self.cos[:T]`,
#   `sin = self.sin[:T]`, `mask = None`, `x = self.transformer.wte(idx)`, `for block in
#   self.transformer.h: x = block(x, cos, sin, mask, input_pos)`; `def build_rope_cache(seq_len,
#   n_elem, device=None, base=10000, condense_ratio=1): theta = 1.0 / (base ** (torch.arange(0,
#   n_elem, 2, device=device).float() / n_elem)); seq_idx = torch.arange(seq_len, device=device) /
#   condense_ratio; idx_theta = torch.outer(seq_idx, theta).repeat(1, 2); return
#   torch.cos(idx_theta), torch.sin(idx_theta)`; `def apply_rope(x, cos, sin): head_size =
#   x.size(-1); x1 = x[..., : head_size // 2]; x2 = x[..., head_size // 2 :]; rotated =
#   torch.cat((-x2, x1), dim=-1); roped = (x * cos) + (rotated * sin); return
#   roped.to(dtype=x.dtype)`; `y = torch.nn.functional.scaled_dot_product_attention(q, k, v,
#   attn_mask=mask, dropout_p=0.0, scale=scale, is_causal=mask is None)`.
# Look-alike: the rope tables are buffers built for `max_seq_length` and sliced to the dynamic
#   length; the only size test raises (an upper bound the declared range respects): exports,
#   converts and matches eager on unseen lengths.
import torch
from torch import nn
from torch.export import Dim


def build_rope_cache(seq_len, n_elem, device=None, base=10000, condense_ratio=1):
    theta = 1.0 / (base ** (torch.arange(0, n_elem, 2, device=device).float() / n_elem))
    seq_idx = torch.arange(seq_len, device=device) / condense_ratio
    idx_theta = torch.outer(seq_idx, theta).repeat(1, 2)
    return torch.cos(idx_theta), torch.sin(idx_theta)


def apply_rope(x, cos, sin):
    head_size = x.size(-1)
    x1 = x[..., : head_size // 2]
    x2 = x[..., head_size // 2 :]
    rotated = torch.cat((-x2, x1), dim=-1)
    roped = (x * cos) + (rotated * sin)
    return roped.to(dtype=x.dtype)


class CausalSelfAttention(nn.Module):
    def __init__(self, n_embd=8, n_head=2):
        super().__init__()
        self.n_head = n_head
        self.head_size = n_embd // n_head
        self.attn = nn.Linear(n_embd, 3 * n_embd)
        self.proj = nn.Linear(n_embd, n_embd)

    def forward(self, x, cos, sin, mask=None):
        B, T, C = x.size()
        q, k, v = self.attn(x).split(C, dim=2)
        q = q.view(B, T, self.n_head, self.head_size).transpose(1, 2)
        k = k.view(B, T, self.n_head, self.head_size).transpose(1, 2)
        v = v.view(B, T, self.n_head, self.head_size).transpose(1, 2)
        q = apply_rope(q, cos, sin)
        k = apply_rope(k, cos, sin)
        scale = 1.0 / (self.head_size**0.5)
        y = torch.nn.functional.scaled_dot_product_attention(q, k, v, attn_mask=mask, dropout_p=0.0, scale=scale, is_causal=mask is None)
        y = y.transpose(1, 2).reshape(B, T, C)
        return self.proj(y)


class Model(nn.Module):
    def __init__(self, vocab=40, n_embd=8, n_head=2, max_seq_length=32):
        super().__init__()
        self.max_seq_length = max_seq_length
        self.wte = nn.Embedding(vocab, n_embd)
        self.ln_1 = nn.LayerNorm(n_embd)
        self.attn = CausalSelfAttention(n_embd, n_head)
        self.ln_f = nn.LayerNorm(n_embd)
        self.lm_head = nn.Linear(n_embd, vocab, bias=False)
        cos, sin = build_rope_cache(max_seq_length, n_embd // n_head)
        self.register_buffer("cos", cos, persistent=False)
        self.register_buffer("sin", sin, persistent=False)

    def forward(self, idx):
        T = idx.size(1)
        if self.max_seq_length < T:
            raise ValueError(f"Cannot forward sequence of length {T}, max seq length is only {self.max_seq_length}.")
        cos = self.cos[:T]
        sin = self.sin[:T]
        mask = None
        x = self.wte(idx)
        x = x + self.attn(self.ln_1(x), cos, sin, mask)
        return self.lm_head(self.ln_f(x))


torch.manual_seed(0)
example_inputs = [
    (torch.randint(0, 40, (2, 9)),),
    (torch.randint(0, 40, (3, 20)),),
    (torch.randint(0, 40, (2, 5)),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim("T", min=2, max=32)},)
