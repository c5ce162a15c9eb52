# Source: karpathy/minGPT mingpt/model.py (GPT.forward): `b, t = idx.size()`, `assert t <=
#   self.block_size, f"Cannot forward sequence of length {t}, block size is only {self.block_size}"`;
#   generation code crops instead: `idx_cond = idx if idx.size(1) <= self.block_size else idx[:,
#   -self.block_size:]` (minGPT `generate`).
# What fails: the crop branches on the dynamic sequence length: torch.export keeps one branch and
#   specialises (or bounds) the length.
import torch
from torch import nn
from torch.export import Dim


class GPT(nn.Module):
    def __init__(self, vocab=16, block_size=6, dim=4):
        super().__init__()
        self.block_size = block_size
        self.wte = nn.Embedding(vocab, dim)
        self.wpe = nn.Embedding(block_size, dim)
        self.head = nn.Linear(dim, vocab)

    def forward(self, idx):
        idx_cond = idx if idx.size(1) <= self.block_size else idx[:, -self.block_size :]  # expect: EXL102
        t = idx_cond.size(1)
        pos = torch.arange(0, t, dtype=torch.long).unsqueeze(0)
        x = self.wte(idx_cond) + self.wpe(pos)
        return self.head(x)


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.gpt = GPT()

    def forward(self, idx):
        return self.gpt(idx)


torch.manual_seed(0)
example_inputs = [
    (torch.randint(0, 16, (2, 4)),),
    (torch.randint(0, 16, (1, 9)),),
    (torch.randint(0, 16, (3, 5)),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
