# Source: lucidrains/egnn-pytorch and atomistic models that build all atom pairs of a molecule:
#   `i, j = torch.triu_indices(n, n, offset=1)` with `n = coords.shape[1]`, then `rel =
#   coords[:, i] - coords[:, j]`, `dist = rel.norm(dim=-1)` (schnetpack's `neighbors_all`:
#   `idx_i, idx_j = torch.triu_indices(n_atoms, n_atoms, 1)`).
# What fails: `torch.triu_indices` takes Python ints; the dynamic atom count is specialised.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.rbf = nn.Linear(1, 4)

    def forward(self, coords):
        n = coords.shape[1]
        i, j = torch.triu_indices(n, n, offset=1)  # expect: EXL304
        rel = coords[:, i] - coords[:, j]
        dist = rel.norm(dim=-1, keepdim=True)
        return self.rbf(dist).sum(1)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 5, 3),), (torch.randn(1, 7, 3),), (torch.randn(3, 4, 3),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
