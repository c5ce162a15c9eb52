# Source: pyg-team/pytorch_geometric torch_geometric/utils/_degree.py (`degree`) and
#   `global_mean_pool`: `count = torch.bincount(batch)` ... `out = scatter(x, batch, dim=0,
#   reduce='sum') / count.clamp(min=1).unsqueeze(-1)`; the graph count comes from the batch vector.
# Look-alike (measured on torch 2.13: exports, converts and matches eager on unseen sizes; the
#   failure one would expect does not happen). The expected failure was: `torch.bincount` sizes its output from the largest value of its input, a
#   data-dependent size torch.export cannot guard on.
import torch
from torch import nn
from torch.export import Dim


class MeanPool(nn.Module):
    def forward(self, x, batch):
        count = torch.bincount(batch)
        out = torch.zeros(count.shape[0], x.shape[1], dtype=x.dtype)
        out = out.index_add(0, batch, x)
        return out / count.clamp(min=1).unsqueeze(-1).to(x.dtype)


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = nn.Linear(4, 4)
        self.pool = MeanPool()

    def forward(self, x, batch):
        return self.pool(self.lin(x), batch)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(6, 4), torch.tensor([0, 0, 1, 1, 1, 2])),
    (torch.randn(5, 4), torch.tensor([0, 1, 1, 2, 3])),
    (torch.randn(7, 4), torch.tensor([0, 0, 0, 1, 1, 1, 1])),
]
dynamic_shapes = ({0: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
