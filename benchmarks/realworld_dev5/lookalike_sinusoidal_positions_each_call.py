# Source: huggingface/transformers Speech2Text / Whisper-style positional tables computed for
#   the input's length (`SinusoidalPositionalEmbedding.get_embedding(seq_len, ...)` called in
#   forward, no cached table to regrow), and fairseq2's sinusoidal embedding that fills the
#   table for the sequence being encoded.
# Look-alike: no comparison of the length with a table's size: exports and matches eager.
import math

import torch
from torch import nn
from torch.export import Dim


def get_embedding(num_embeddings, embedding_dim):
    half_dim = embedding_dim // 2
    emb = math.log(10000) / (half_dim - 1)
    emb = torch.exp(torch.arange(half_dim, dtype=torch.float) * -emb)
    emb = torch.arange(num_embeddings, dtype=torch.float).unsqueeze(1) * emb.unsqueeze(0)
    return torch.cat([torch.sin(emb), torch.cos(emb)], dim=1)


class Model(nn.Module):
    def __init__(self, dim=4, offset=2):
        super().__init__()
        self.dim = dim
        self.offset = offset
        self.embed_tokens = nn.Embedding(20, dim)

    def forward(self, tokens):
        seq_len = tokens.size(1)
        table = get_embedding(seq_len + self.offset, self.dim)
        return self.embed_tokens(tokens) + table[self.offset :].unsqueeze(0)


torch.manual_seed(0)
example_inputs = [
    (torch.randint(0, 20, (2, 9)),),
    (torch.randint(0, 20, (3, 4)),),
    (torch.randint(0, 20, (1, 12)),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
