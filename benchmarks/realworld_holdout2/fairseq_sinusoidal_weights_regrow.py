# Source: facebookresearch/fairseq fairseq/modules/sinusoidal_positional_embedding.py
#   (SinusoidalPositionalEmbedding.forward, paraphrased): `bspair = torch.onnx.operators.
#   shape_as_tensor(input); bsz, seq_len = bspair[0], bspair[1]`, `max_pos = self.padding_idx + 1
#   + seq_len`, `if self.weights is None or max_pos > self.weights.size(0): self.weights =
#   SinusoidalPositionalEmbedding.get_embedding(max_pos, self.embedding_dim, self.padding_idx)`,
#   `positions = utils.make_positions(input, self.padding_idx, onnx_trace=self.onnx_trace)`,
#   `return self.weights.index_select(0, positions.view(-1)).view(bsz, seq_len, -1).detach()`.
# What fails: the table is grown in forward when a sequence is longer than the cached one; the
#   `if max_pos > self.weights.size(0)` on the dynamic length is frozen at trace time, so longer
#   unseen sequences index past the traced table.
import math

import torch
from torch import nn
from torch.export import Dim


def make_positions(tensor, padding_idx):
    mask = tensor.ne(padding_idx).int()
    return (torch.cumsum(mask, dim=1).type_as(mask) * mask).long() + padding_idx


class SinusoidalPositionalEmbedding(nn.Module):
    def __init__(self, embedding_dim, padding_idx, init_size=8):
        super().__init__()
        self.embedding_dim = embedding_dim
        self.padding_idx = padding_idx
        self.weights = SinusoidalPositionalEmbedding.get_embedding(init_size, embedding_dim, padding_idx)

    @staticmethod
    def get_embedding(num_embeddings, embedding_dim, padding_idx):
        half_dim = embedding_dim // 2
        emb = math.log(10000) / (half_dim - 1)
        emb = torch.exp(torch.arange(half_dim, dtype=torch.float) * -emb)
        emb = torch.arange(num_embeddings, dtype=torch.float).unsqueeze(1) * emb.unsqueeze(0)
        emb = torch.cat([torch.sin(emb), torch.cos(emb)], dim=1).view(num_embeddings, -1)
        emb[padding_idx, :] = 0
        return emb

    def forward(self, tokens):
        bsz, seq_len = tokens.shape
        max_pos = self.padding_idx + 1 + seq_len
        if self.weights is None or max_pos > self.weights.size(0):  # expect: EXL102
            self.weights = SinusoidalPositionalEmbedding.get_embedding(max_pos, self.embedding_dim, self.padding_idx)
        positions = make_positions(tokens, self.padding_idx)
        return self.weights.index_select(0, positions.view(-1)).view(bsz, seq_len, -1).detach()


class Model(nn.Module):
    def __init__(self, vocab=30, dim=8, padding_idx=1):
        super().__init__()
        self.embed = nn.Embedding(vocab, dim, padding_idx=padding_idx)
        self.positions = SinusoidalPositionalEmbedding(dim, padding_idx)

    def forward(self, tokens):
        return self.embed(tokens) + self.positions(tokens)


torch.manual_seed(0)
example_inputs = [(torch.randint(2, 30, (2, 5)),), (torch.randint(2, 30, (3, 11)),), (torch.randint(2, 30, (1, 16)),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
