# Source: pyg-team/pytorch_geometric torch_geometric/utils/_scatter.py (`scatter`, torch >= 1.12
#   path): `if reduce == 'mean': ... return src.new_zeros(size).scatter_reduce_(dim, index, src,
#   reduce='mean', include_self=False)` with `index = broadcast(index, src, dim)`, as
#   `global_mean_pool(x, batch)` calls it (torch_geometric/nn/pool/glob.py).
# What fails: the export is right, but onnxruntime computes other means from the ONNX
#   ScatterElements torch.onnx writes for reduce="mean" (measured on torch 2.13).
import torch
from torch import nn
from torch.export import Dim


def scatter_mean(src, index, dim_size):
    index = index.view(-1, 1).expand_as(src)
    size = list(src.size())
    size[0] = dim_size
    return src.new_zeros(size).scatter_reduce_(0, index, src, reduce="mean", include_self=False)  # expect: EXL404


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Linear(3, 4)
        self.num_graphs = 3

    def forward(self, x, batch):
        h = self.conv(x).relu()
        return scatter_mean(h, batch, self.num_graphs)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(6, 3), torch.tensor([0, 0, 1, 1, 2, 2])),
    (torch.randn(5, 3), torch.tensor([0, 1, 1, 2, 2])),
    (torch.randn(7, 3), torch.tensor([0, 0, 0, 1, 1, 2, 2])),
]
dynamic_shapes = ({0: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
