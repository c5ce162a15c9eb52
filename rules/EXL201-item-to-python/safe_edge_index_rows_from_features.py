import torch
from torch import nn
from torch.export import Dim

# The look-alike: the same sum aggregation over an edge list, but the output has one row per
# row of the node features (`x.shape[0]`), so nothing is read out of the edge index; the
# degree normalisation stays a tensor too.


class Model(nn.Module):
    def __init__(self, dim=6):
        super().__init__()
        self.msg = nn.Linear(dim, dim)

    def forward(self, x, edge_index):
        source, target = edge_index[0], edge_index[1]
        messages = self.msg(x)[source]
        out = x.new_zeros(x.shape[0], messages.shape[1]).index_add(0, target, messages)
        degree = torch.zeros(x.shape[0], dtype=x.dtype).index_add(
            0, target, torch.ones_like(target, dtype=x.dtype)
        )
        return out / degree.clamp(min=1).unsqueeze(-1)


def _graph(nodes, edges, seed):
    g = torch.Generator().manual_seed(seed)
    edge_index = torch.randint(0, nodes, (2, edges), generator=g)
    edge_index[1, :nodes] = torch.arange(nodes)
    return torch.randn(nodes, 6, generator=g), edge_index


example_inputs = [_graph(5, 12, 0), _graph(8, 19, 1), _graph(3, 7, 2)]
dynamic_shapes = ({0: Dim.DYNAMIC}, {1: Dim.DYNAMIC})
