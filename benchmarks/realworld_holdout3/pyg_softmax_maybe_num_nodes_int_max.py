# Source: pyg-team/pytorch_geometric torch_geometric/utils/softmax.py and utils/num_nodes.py
#   (softmax and maybe_num_nodes, paraphrased; scatter written with scatter_reduce as
#   torch_geometric.utils.scatter does for 'max'/'sum'): `N = maybe_num_nodes(index, num_nodes)`,
#   `src_max = scatter(src.detach(), index, dim, dim_size=N, reduce='max')`, `out = src -
#   src_max.index_select(dim, index)`, `out = out.exp()`, `out_sum = scatter(out, index, dim,
#   dim_size=N, reduce='sum') + 1e-16`, `out_sum = out_sum.index_select(dim, index)`, `return out /
#   out_sum`; maybe_num_nodes: `if num_nodes is not None: return num_nodes ... elif
#   isinstance(edge_index, Tensor): return int(edge_index.max()) + 1 if edge_index.numel() > 0 else
#   0`; a GAT-style layer calling `alpha = softmax(alpha, index)` without the node count, as
#   custom attention layers do.
# What fails: the number of nodes is read out of the edge index with `int(t.max())`.
import torch
import torch.nn.functional as F
from torch import nn
from torch.export import Dim


def maybe_num_nodes(edge_index, num_nodes=None):
    if num_nodes is not None:
        return num_nodes
    return int(edge_index.max()) + 1 if edge_index.numel() > 0 else 0  # expect: EXL201


def scatter(src, index, dim, dim_size, reduce):
    size = list(src.size())
    size[dim] = dim_size
    out = src.new_zeros(size)
    idx = index.view(-1, *([1] * (src.dim() - 1))).expand_as(src)
    return out.scatter_reduce(dim, idx, src, reduce="amax" if reduce == "max" else "sum", include_self=False)


def softmax(src, index, num_nodes=None, dim=0):
    N = maybe_num_nodes(index, num_nodes)
    src_max = scatter(src.detach(), index, dim, dim_size=N, reduce="max")
    out = src - src_max.index_select(dim, index)
    out = out.exp()
    out_sum = scatter(out, index, dim, dim_size=N, reduce="sum") + 1e-16
    out_sum = out_sum.index_select(dim, index)
    return out / out_sum


class Model(nn.Module):
    def __init__(self, dim=6, heads=2):
        super().__init__()
        self.lin = nn.Linear(dim, heads * dim, bias=False)
        self.att_src = nn.Parameter(torch.randn(1, heads, dim))
        self.att_dst = nn.Parameter(torch.randn(1, heads, dim))
        self.heads, self.dim = heads, dim

    def forward(self, x, edge_index):
        h = self.lin(x).view(-1, self.heads, self.dim)
        src, dst = edge_index[0], edge_index[1]
        alpha = (h * self.att_src).sum(-1)[src] + (h * self.att_dst).sum(-1)[dst]
        alpha = softmax(F.leaky_relu(alpha, 0.2), dst)
        msg = h[src] * alpha.unsqueeze(-1)
        out = torch.zeros_like(h).index_add_(0, dst, msg)
        return out.mean(dim=1)


def _graph(n, e, seed):
    g = torch.Generator().manual_seed(seed)
    ei = torch.randint(0, n, (2, e), generator=g)
    ei[1, :n] = torch.arange(n)
    return torch.randn(n, 6, generator=g), ei


example_inputs = [_graph(6, 14, 0), _graph(9, 20, 1), _graph(4, 10, 2)]
dynamic_shapes = ({0: Dim.DYNAMIC}, {1: Dim.DYNAMIC})
