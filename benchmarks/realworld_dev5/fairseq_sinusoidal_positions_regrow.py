# Source: facebookresearch/fairseq fairseq/modules/sinusoidal_positional_embedding.py (older
#   releases: `self.weights = SinusoidalPositionalEmbedding.get_embedding(init_size, ...)`
#   in `__init__`, and in forward `if self.weights is None or max_pos > self.weights.size(0):
#   self.weights = SinusoidalPositionalEmbedding.get_embedding(max_pos, ...)`).
# What fails: the regrow test compares the dynamic length with the table's size: export keeps
#   the branch of the example and guards on it; other lengths fail the guard.
import math

import torch
from torch import nn
from torch.export import Dim


class SinusoidalPositionalEmbedding(nn.Module):
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
        return torch.cat([torch.sin(emb), torch.cos(emb)], dim=1).view(num_embeddings, -1)

    def forward(self, tokens):
        bsz, seq_len = tokens.size()
        max_pos = self.padding_idx + 1 + seq_len
        if self.weights is None or max_pos > self.weights.size(0):  # expect: EXL102
            self.weights = SinusoidalPositionalEmbedding.get_embedding(max_pos, self.embedding_dim)
        positions = torch.arange(seq_len) + self.padding_idx + 1
        return self.weights.index_select(0, positions).unsqueeze(0).expand(bsz, -1, -1)


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed_tokens = nn.Embedding(20, 4, padding_idx=1)
        self.embed_positions = SinusoidalPositionalEmbedding(4)

    def forward(self, tokens):
        return self.embed_tokens(tokens) + self.embed_positions(tokens)


torch.manual_seed(0)
example_inputs = [
    (torch.randint(2, 20, (2, 9)),),
    (torch.randint(2, 20, (3, 4)),),
    (torch.randint(2, 20, (1, 12)),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
