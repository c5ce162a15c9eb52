import math

import torch
from torch import nn
from torch.export import Dim


class SinusoidalPositionalEmbedding(nn.Module):
    """fairseq's SinusoidalPositionalEmbedding: a table built in `__init__` by a static
    helper and regrown in forward when the input is longer (`self.weights is None or
    max_pos > self.weights.size(0)`). The test compares the dynamic length with the table's
    size: export keeps the branch of the example (a guard on the length)."""

    def __init__(self, embedding_dim, padding_idx=1, init_size=8):
        super().__init__()
        self.embedding_dim = embedding_dim
        self.padding_idx = padding_idx
        self.weights = SinusoidalPositionalEmbedding.get_embedding(init_size, embedding_dim)

    @staticmethod
    def get_embedding(num_embeddings, embedding_dim):
        half_dim = embedding_dim // 2
        emb = math.log(10000) / (half_dim - 1)
        emb = torch.exp(torch.arange(half_dim, dtype=torch.float) * -emb)
        emb = torch.arange(num_embeddings, dtype=torch.float).unsqueeze(1) * emb.unsqueeze(0)
        return torch.cat([torch.sin(emb), torch.cos(emb)], dim=1)

    def forward(self, tokens):
        bsz, seq_len = tokens.shape[:2]
        max_pos = self.padding_idx + 1 + seq_len
        if self.weights is None or max_pos > self.weights.size(0):  # expect: EXL102
            self.weights = SinusoidalPositionalEmbedding.get_embedding(
                max_pos, self.embedding_dim
            )
        positions = torch.arange(seq_len) + self.padding_idx + 1
        return self.weights[positions].unsqueeze(0).expand(bsz, -1, -1)


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(20, 4)
        self.positions = SinusoidalPositionalEmbedding(4)

    def forward(self, tokens):
        return self.embed(tokens) + self.positions(tokens)


torch.manual_seed(0)
example_inputs = [
    (torch.randint(2, 20, (2, 9)),),
    (torch.randint(2, 20, (3, 4)),),
    (torch.randint(2, 20, (1, 12)),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
