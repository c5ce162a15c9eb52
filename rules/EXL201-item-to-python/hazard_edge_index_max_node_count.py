import torch
from torch import nn
from torch.export import Dim

# A sum-aggregation graph layer: the messages are added into one row per target node, and
# the number of rows is read out of the edge list (`int(index.max()) + 1`) when no node count
# is passed, the way graph libraries infer it. `edge_index` is a (2, num_edges) tensor.


def count_nodes(index, count=None):
    if count is not None:
        return count
    return int(index.max()) + 1  # expect: EXL201


class Model(nn.Module):
    def __init__(self, dim=6):
        super().__init__()
        self.msg = nn.Linear(dim, dim)

    def forward(self, x, edge_index):
        source, target = edge_index[0], edge_index[1]
        messages = self.msg(x)[source]
        out = messages.new_zeros(count_nodes(target), messages.shape[1])
        return out.index_add(0, target, messages)


def _graph(nodes, edges, seed):
    g = torch.Generator().manual_seed(seed)
    edge_index = torch.randint(0, nodes, (2, edges), generator=g)
    edge_index[1, :nodes] = torch.arange(nodes)
    return torch.randn(nodes, 6, generator=g), edge_index


example_inputs = [_graph(5, 12, 0), _graph(8, 19, 1), _graph(3, 7, 2)]
dynamic_shapes = ({0: Dim.DYNAMIC}, {1: Dim.DYNAMIC})
