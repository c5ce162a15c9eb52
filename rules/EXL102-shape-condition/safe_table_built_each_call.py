import math

import torch
from torch import nn
from torch.export import Dim


def sinusoids(num_embeddings, embedding_dim):
    half_dim = embedding_dim // 2
    emb = math.log(10000) / (half_dim - 1)
    emb = torch.exp(torch.arange(half_dim, dtype=torch.float) * -emb)
    emb = torch.arange(num_embeddings, dtype=torch.float).unsqueeze(1) * emb.unsqueeze(0)
    return torch.cat([torch.sin(emb), torch.cos(emb)], dim=1)


class Model(nn.Module):
    """The table computed for the input's length on every call (no cache to regrow), and a
    check of the table's width against the configured dimension (two static sizes)."""

    def __init__(self, dim=4, init_size=8):
        super().__init__()
        self.dim = dim
        self.embed = nn.Embedding(20, dim)
        self.weights = sinusoids(init_size, dim)

    def forward(self, tokens):
        if self.weights.size(1) != self.dim:
            raise ValueError("table width does not match the embedding dimension")
        table = sinusoids(tokens.shape[1], self.dim)
        return self.embed(tokens) + table.unsqueeze(0)


torch.manual_seed(0)
example_inputs = [
    (torch.randint(0, 20, (2, 9)),),
    (torch.randint(0, 20, (3, 4)),),
    (torch.randint(0, 20, (1, 12)),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
