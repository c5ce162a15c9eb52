# Source: karpathy/nanoGPT model.py (GPT.generate, paraphrased; greedy instead of multinomial
#   sampling so the model is deterministic): `for _ in range(max_new_tokens): idx_cond = idx if
#   idx.size(1) <= self.config.block_size else idx[:, -self.config.block_size:]; logits, _ =
#   self(idx_cond); logits = logits[:, -1, :] / temperature; ... idx_next = ...; idx =
#   torch.cat((idx, idx_next), dim=1)`; and GPT.forward: `pos = torch.arange(0, t,
#   dtype=torch.long, device=device)`, `x = self.transformer.drop(tok_emb + pos_emb)`.
# What fails: the context is cropped to the block size only when the prompt is longer, a Python
#   test on the dynamic prompt length; a model traced with a short prompt never crops, and a
#   longer unseen prompt indexes past the position table.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, vocab=32, dim=8, block_size=8, max_new_tokens=3):
        super().__init__()
        self.block_size = block_size
        self.max_new_tokens = max_new_tokens
        self.wte = nn.Embedding(vocab, dim)
        self.wpe = nn.Embedding(block_size, dim)
        self.mix = nn.Linear(dim, dim)
        self.lm_head = nn.Linear(dim, vocab)

    def _logits(self, idx):
        t = idx.size(1)
        pos = torch.arange(0, t, dtype=torch.long)
        x = self.wte(idx) + self.wpe(pos)
        x = torch.cumsum(torch.tanh(self.mix(x)), dim=1) / (pos + 1).unsqueeze(-1)
        return self.lm_head(x)

    def forward(self, idx):
        for _ in range(self.max_new_tokens):
            idx_cond = idx if idx.size(1) <= self.block_size else idx[:, -self.block_size :]  # expect: EXL102
            logits = self._logits(idx_cond)[:, -1, :]
            idx_next = torch.argmax(logits, dim=-1, keepdim=True)
            idx = torch.cat((idx, idx_next), dim=1)
        return idx


torch.manual_seed(0)
example_inputs = [(torch.randint(0, 32, (2, 3)),), (torch.randint(0, 32, (3, 9)),), (torch.randint(0, 32, (1, 14)),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
