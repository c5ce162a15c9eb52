# Source: openai/whisper whisper/model.py (TextDecoder.__init__/forward and
#   MultiHeadAttention.qkv_attention, the torch path without SDPA; paraphrased, no kv_cache):
#   `mask = torch.empty(n_ctx, n_ctx).fill_(-np.inf).triu_(1)`, `self.register_buffer("mask", mask,
#   persistent=False)`; forward: `offset = next(iter(kv_cache.values())).shape[1] if kv_cache else
#   0`, `x = self.token_embedding(x) + self.positional_embedding[offset : offset + x.shape[-1]]`,
#   `for block in self.blocks: x = block(x, xa, mask=self.mask, kv_cache=kv_cache)`, `logits = (x @
#   torch.transpose(self.token_embedding.weight.to(x.dtype), 0, 1)).float()`; qkv_attention:
#   `n_batch, n_ctx, n_state = q.shape`, `scale = (n_state // self.n_head) ** -0.25`, `q =
#   q.view(*q.shape[:2], self.n_head, -1).permute(0, 2, 1, 3) * scale`, `k = k.view(*k.shape[:2],
#   self.n_head, -1).permute(0, 2, 3, 1) * scale`, `v = v.view(*v.shape[:2], self.n_head,
#   -1).permute(0, 2, 1, 3)`, `qk = q @ k`, `if mask is not None: qk = qk + mask[:n_ctx, :n_ctx]`,
#   `w = F.softmax(qk.float(), dim=-1).to(q.dtype)`, `return (w @ v).permute(0, 2, 1,
#   3).flatten(start_dim=2), qk.detach()`.
# What fails (written as a look-alike, reclassified by measurement): the position table and the
#   causal mask are fixed-size buffers (n_ctx), sliced to the dynamic number of tokens. Declared
#   over the decoder's own range (2..n_ctx), export fails: "Constraints violated (tokens)! Not all
#   values of tokens ... in the specified range tokens <= 24 satisfy the generated guard
#   L['tokens'].size()[1] != 24" (measured, torch 2.13). In scratch copies, replacing the mask
#   slice `mask[:n_ctx, :n_ctx]` by a mask built for n_ctx makes the model export and match eager;
#   changing only the position slice does not (the mask slice is the culprit).
import numpy as np
import torch
import torch.nn.functional as F
from torch import nn
from torch.export import Dim


class MultiHeadAttention(nn.Module):
    def __init__(self, n_state, n_head):
        super().__init__()
        self.n_head = n_head
        self.query = nn.Linear(n_state, n_state)
        self.key = nn.Linear(n_state, n_state, bias=False)
        self.value = nn.Linear(n_state, n_state)
        self.out = nn.Linear(n_state, n_state)

    def forward(self, x, xa=None, mask=None):
        q = self.query(x)
        k = self.key(x if xa is None else xa)
        v = self.value(x if xa is None else xa)
        wv, qk = self.qkv_attention(q, k, v, mask)
        return self.out(wv), qk

    def qkv_attention(self, q, k, v, mask=None):
        n_batch, n_ctx, n_state = q.shape
        scale = (n_state // self.n_head) ** -0.25
        q = q.view(*q.shape[:2], self.n_head, -1).permute(0, 2, 1, 3) * scale
        k = k.view(*k.shape[:2], self.n_head, -1).permute(0, 2, 3, 1) * scale
        v = v.view(*v.shape[:2], self.n_head, -1).permute(0, 2, 1, 3)
        qk = q @ k
        if mask is not None:
            qk = qk + mask[:n_ctx, :n_ctx]  # expect: NONE-buffer-slice-guard
        qk = qk.float()
        w = F.softmax(qk, dim=-1).to(q.dtype)
        return (w @ v).permute(0, 2, 1, 3).flatten(start_dim=2), qk.detach()


class TextDecoder(nn.Module):
    def __init__(self, n_vocab=30, n_ctx=24, n_state=8, n_head=2):
        super().__init__()
        self.token_embedding = nn.Embedding(n_vocab, n_state)
        self.positional_embedding = nn.Parameter(torch.randn(n_ctx, n_state) * 0.1)
        self.attn_ln = nn.LayerNorm(n_state)
        self.attn = MultiHeadAttention(n_state, n_head)
        self.ln = nn.LayerNorm(n_state)
        mask = torch.empty(n_ctx, n_ctx).fill_(-np.inf).triu_(1)
        self.register_buffer("mask", mask, persistent=False)

    def forward(self, x, kv_cache=None):
        offset = next(iter(kv_cache.values())).shape[1] if kv_cache else 0
        x = self.token_embedding(x) + self.positional_embedding[offset : offset + x.shape[-1]]
        x = x + self.attn(self.attn_ln(x), mask=self.mask)[0]
        x = self.ln(x)
        return (x @ torch.transpose(self.token_embedding.weight.to(x.dtype), 0, 1)).float()


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.decoder = TextDecoder()

    def forward(self, tokens):
        return self.decoder(tokens)


torch.manual_seed(0)
example_inputs = [
    (torch.randint(0, 30, (2, 7)),),
    (torch.randint(0, 30, (3, 15)),),
    (torch.randint(0, 30, (2, 4)),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim("tokens", min=2, max=24)},)
