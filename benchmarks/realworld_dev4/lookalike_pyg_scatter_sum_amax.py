# Source: pyg-team/pytorch_geometric torch_geometric/utils/_scatter.py (`scatter`): `if reduce ==
#   'sum' or reduce == 'add': return src.new_zeros(size).scatter_add_(dim, index, src)`, and `if
#   reduce == 'max': ... src.new_zeros(size).scatter_reduce_(dim, index, src, reduce='amax',
#   include_self=False)` (global_add_pool / global_max_pool).
# Look-alike: scatter with "sum" (scatter_add_) and "amax": exports, converts and matches eager.
import torch
from torch import nn
from torch.export import Dim


def scatter(src, index, dim_size, reduce):
    index = index.view(-1, 1).expand_as(src)
    size = list(src.size())
    size[0] = dim_size
    if reduce == "sum":
        return src.new_zeros(size).scatter_add_(0, index, src)
    return src.new_zeros(size).scatter_reduce_(0, index, src, reduce="amax", include_self=False)


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Linear(3, 4)
        self.num_graphs = 3

    def forward(self, x, batch):
        h = self.conv(x).relu()
        return scatter(h, batch, self.num_graphs, "sum") + scatter(h, batch, self.num_graphs, "max")


torch.manual_seed(0)
example_inputs = [
    (torch.randn(6, 3), torch.tensor([0, 0, 1, 1, 2, 2])),
    (torch.randn(5, 3), torch.tensor([0, 1, 1, 2, 2])),
    (torch.randn(7, 3), torch.tensor([0, 0, 0, 1, 1, 2, 2])),
]
dynamic_shapes = ({0: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
