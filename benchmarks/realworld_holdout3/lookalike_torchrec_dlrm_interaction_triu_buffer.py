# Source: pytorch/torchrec torchrec/models/dlrm.py (InteractionArch.__init__ and forward,
#   paraphrased; the KeyedTensor of pooled embeddings given as a dense (B, F*D) tensor):
#   `self.register_buffer("triu_indices", torch.triu_indices(self.F + 1, self.F + 1, offset=1),
#   persistent=False)`; forward: `if self.F <= 0: return dense_features`, `(B, D) =
#   dense_features.shape`, `sparse_values = sparse_features.values().reshape(B, self.F, D)`,
#   `combined_values = torch.cat((dense_features.unsqueeze(1), sparse_values), dim=1)`,
#   `interactions = torch.bmm(combined_values, torch.transpose(combined_values, 1, 2))`,
#   `interactions_flat = interactions[:, self.triu_indices[0], self.triu_indices[1]]`, `return
#   torch.cat((dense_features, interactions_flat), dim=1)`.
# Look-alike: `torch.triu_indices` fixes a dynamic size when it is given one, but here it is
#   built once in `__init__` from the feature count and kept as a buffer; `(B, D) = ...shape`
#   then `reshape(B, self.F, D)` keeps the batch symbolic: exports and matches eager.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, num_sparse_features=3, dim=4):
        super().__init__()
        self.F = num_sparse_features
        self.dense_arch = nn.Sequential(nn.Linear(5, dim), nn.ReLU())
        self.register_buffer("triu_indices", torch.triu_indices(self.F + 1, self.F + 1, offset=1), persistent=False)
        self.over_arch = nn.Linear(dim + (self.F + 1) * self.F // 2, 1)

    def forward(self, dense, sparse_pooled):
        dense_features = self.dense_arch(dense)
        if self.F <= 0:
            return dense_features
        (B, D) = dense_features.shape
        sparse_values = sparse_pooled.reshape(B, self.F, D)
        combined_values = torch.cat((dense_features.unsqueeze(1), sparse_values), dim=1)
        interactions = torch.bmm(combined_values, torch.transpose(combined_values, 1, 2))
        interactions_flat = interactions[:, self.triu_indices[0], self.triu_indices[1]]
        return self.over_arch(torch.cat((dense_features, interactions_flat), dim=1))


torch.manual_seed(0)
example_inputs = [
    (torch.randn(4, 5), torch.randn(4, 12)),
    (torch.randn(9, 5), torch.randn(9, 12)),
    (torch.randn(2, 5), torch.randn(2, 12)),
]
dynamic_shapes = ({0: Dim("batch")}, {0: Dim("batch")})
