# Source: rixwew/pytorch-fm torchfm/layer.py (FeaturesEmbedding and InnerProductNetwork,
#   paraphrased) as used by torchfm/model/pnn.py: FeaturesEmbedding: `self.offsets = np.array((0,
#   *np.cumsum(field_dims)[:-1]), dtype=np.long)`, `def forward(self, x): x = x +
#   x.new_tensor(self.offsets).unsqueeze(0); return self.embedding(x)`; InnerProductNetwork:
#   `num_fields = x.shape[1]`, `row, col = list(), list()`, `for i in range(num_fields - 1): for j
#   in range(i + 1, num_fields): row.append(i), col.append(j)`, `return torch.sum(x[:, row] * x[:,
#   col], dim=2)` (np.int64 here: np.long is gone from numpy 2).
# Look-alike: a Python loop over `range(x.shape[1])` and `new_tensor` of a numpy array look like
#   an unrolled dynamic loop and frozen sizes, but the field count is fixed by the dataset
#   (axis 1 is static in `dynamic_shapes`) and the offsets are constants: exports and matches
#   eager on unseen batch sizes.
import numpy as np
import torch
from torch import nn
from torch.export import Dim


class FeaturesEmbedding(nn.Module):
    def __init__(self, field_dims, embed_dim):
        super().__init__()
        self.embedding = nn.Embedding(sum(field_dims), embed_dim)
        self.offsets = np.array((0, *np.cumsum(field_dims)[:-1]), dtype=np.int64)

    def forward(self, x):
        x = x + x.new_tensor(self.offsets).unsqueeze(0)
        return self.embedding(x)


class InnerProductNetwork(nn.Module):
    def forward(self, x):
        num_fields = x.shape[1]
        row, col = list(), list()
        for i in range(num_fields - 1):
            for j in range(i + 1, num_fields):
                row.append(i), col.append(j)
        return torch.sum(x[:, row] * x[:, col], dim=2)


class Model(nn.Module):
    def __init__(self, field_dims=(5, 7, 3, 4), embed_dim=4):
        super().__init__()
        self.embedding = FeaturesEmbedding(field_dims, embed_dim)
        self.pn = InnerProductNetwork()
        self.embed_output_dim = len(field_dims) * embed_dim
        n = len(field_dims)
        self.mlp = nn.Linear(n * (n - 1) // 2 + self.embed_output_dim, 1)

    def forward(self, x):
        embed_x = self.embedding(x)
        cross_term = self.pn(embed_x)
        x = torch.cat([embed_x.view(-1, self.embed_output_dim), cross_term], dim=1)
        return torch.sigmoid(self.mlp(x).squeeze(1))


def _batch(n, seed):
    g = torch.Generator().manual_seed(seed)
    return (torch.stack([torch.randint(0, d, (n,), generator=g) for d in (5, 7, 3, 4)], dim=1),)


example_inputs = [_batch(6, 0), _batch(11, 1), _batch(3, 2)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
