# Source: pytorch/pytorch torch/nn/modules/sparse.py (`nn.Embedding(..., max_norm=...)`: "each
#   embedding vector with norm larger than max_norm is renormalized"; F.embedding calls
#   `torch.embedding_renorm_(weight, input, max_norm, norm_type)` in place on the weight) as used by
#   recommendation and speech models that build `nn.Embedding(num, dim, max_norm=1.0)`.
# Look-alike (measured on torch 2.13: exports, converts and matches eager on unseen sizes; the
#   failure one would expect does not happen). The expected failure was: the renormalisation writes into the embedding parameter during forward; torch.export
#   rejects (or drops) the parameter mutation, and the exported graph differs from eager.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(20, 4, max_norm=1.0)
        self.proj = nn.Linear(4, 3)

    def forward(self, tokens):
        return self.proj(self.embed(tokens))


torch.manual_seed(0)
example_inputs = [(torch.tensor([[1, 2, 3], [4, 5, 6]]),), (torch.tensor([[7, 8, 9, 10]]),), (torch.tensor([[11], [12], [13]]),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
