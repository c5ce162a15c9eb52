# Source: karpathy/nanoGPT model.py (GPT.forward and CausalSelfAttention.forward, paraphrased):
#   `b, t = idx.size()`, `assert t <= self.config.block_size, f"Cannot forward sequence of length
#   {t}, block size is only {self.config.block_size}"`, `pos = torch.arange(0, t, dtype=torch.long,
#   device=device)`, `tok_emb = self.transformer.wte(idx)`, `pos_emb = self.transformer.wpe(pos)`,
#   ..., `if targets is not None: logits = self.lm_head(x); loss = F.cross_entropy(...) else:
#   logits = self.lm_head(x[:, [-1], :]); loss = None`; attention: `if self.flash: y =
#   torch.nn.functional.scaled_dot_product_attention(q, k, v, attn_mask=None, dropout_p=...,
#   is_causal=True) else: att = ...; att = att.masked_fill(self.bias[:,:,:T,:T] == 0,
#   float('-inf'))`.
# Look-alike: an `assert` on the dynamic length against the block size (export keeps it as a
#   range), `targets is not None` and `self.flash` tests of an argument and of the config (the flash
#   path is taken): exports and matches eager.
import torch
import torch.nn.functional as F
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, vocab=40, block_size=16, n_embd=8, n_head=2):
        super().__init__()
        self.block_size, self.n_head = block_size, n_head
        self.flash = True
        self.wte = nn.Embedding(vocab, n_embd)
        self.wpe = nn.Embedding(block_size, n_embd)
        self.c_attn = nn.Linear(n_embd, 3 * n_embd)
        self.lm_head = nn.Linear(n_embd, vocab)
        self.register_buffer("bias", torch.tril(torch.ones(block_size, block_size)).view(1, 1, block_size, block_size))

    def attn(self, x):
        B, T, C = x.size()
        q, k, v = self.c_attn(x).split(C, dim=2)
        q, k, v = (t.view(B, T, self.n_head, C // self.n_head).transpose(1, 2) for t in (q, k, v))
        if self.flash:
            y = F.scaled_dot_product_attention(q, k, v, attn_mask=None, is_causal=True)
        else:
            att = (q @ k.transpose(-2, -1)) * (1.0 / (k.size(-1) ** 0.5))
            att = att.masked_fill(self.bias[:, :, :T, :T] == 0, float("-inf"))
            y = F.softmax(att, dim=-1) @ v
        return y.transpose(1, 2).contiguous().view(B, T, C)

    def forward(self, idx, targets=None):
        b, t = idx.size()
        assert t <= self.block_size, f"Cannot forward sequence of length {t}, block size is only {self.block_size}"
        pos = torch.arange(0, t, dtype=torch.long)
        x = self.wte(idx) + self.wpe(pos)
        x = x + self.attn(x)
        if targets is not None:
            logits = self.lm_head(x)
            return logits, F.cross_entropy(logits.view(-1, logits.size(-1)), targets.view(-1))
        return self.lm_head(x[:, [-1], :])


torch.manual_seed(0)
example_inputs = [(torch.randint(0, 40, (2, 5)),), (torch.randint(0, 40, (3, 16)),), (torch.randint(0, 40, (1, 9)),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
