# Source: pyg-team/pytorch_geometric torch_geometric/nn/conv/gcn_conv.py (gcn_norm, GCNConv.forward)
#   and torch_geometric/utils/loop.py (add_remaining_self_loops), paraphrased; scatter written with
#   index_add: `fill_value = 2. if improved else 1.`, `edge_index, edge_weight =
#   add_remaining_self_loops(edge_index, edge_weight, fill_value, num_nodes)`, `row, col =
#   edge_index[0], edge_index[1]`, `idx = col if flow == 'source_to_target' else row`, `deg =
#   scatter(edge_weight, idx, dim=0, dim_size=num_nodes, reduce='sum')`, `deg_inv_sqrt =
#   deg.pow_(-0.5)`, `deg_inv_sqrt.masked_fill_(deg_inv_sqrt == float('inf'), 0)`, `edge_weight =
#   deg_inv_sqrt[row] * edge_weight * deg_inv_sqrt[col]`; add_remaining_self_loops: `N =
#   maybe_num_nodes(edge_index, num_nodes)`, `mask = edge_index[0] != edge_index[1]`, `loop_index =
#   torch.arange(0, N, dtype=torch.long, device=edge_index.device).view(1, -1).repeat(2, 1)`, `inv_mask
#   = ~mask`, `loop_attr = edge_attr.new_full((N, ) + edge_attr.size()[1:], fill_value)`, `loop_attr[edge_index[0][inv_mask]]
#   = edge_attr[inv_mask]`, `edge_attr = torch.cat([edge_attr[mask], loop_attr], dim=0)`, `edge_index =
#   torch.cat([edge_index[:, mask], loop_index], dim=1)`; GCNConv.forward passes `x.size(self.node_dim)`
#   as num_nodes.
# Look-alike: boolean-mask selections of edges (data-dependent counts), in-place `pow_` and
#   `masked_fill_`, and writes through a mask look like hazards, but the node count comes from
#   `x.size(0)` (not from `int(edge_index.max())`), and the in-place ops touch tensors made in
#   forward: exports and matches eager on unseen node and edge counts.
import torch
from torch import nn
from torch.export import Dim


def add_remaining_self_loops(edge_index, edge_attr, fill_value, num_nodes):
    N = num_nodes
    mask = edge_index[0] != edge_index[1]
    loop_index = torch.arange(0, N, dtype=torch.long, device=edge_index.device).view(1, -1).repeat(2, 1)
    inv_mask = ~mask
    loop_attr = edge_attr.new_full((N,) + edge_attr.size()[1:], fill_value)
    loop_attr[edge_index[0][inv_mask]] = edge_attr[inv_mask]
    edge_attr = torch.cat([edge_attr[mask], loop_attr], dim=0)
    edge_index = torch.cat([edge_index[:, mask], loop_index], dim=1)
    return edge_index, edge_attr


def gcn_norm(edge_index, edge_weight, num_nodes, improved=False):
    fill_value = 2.0 if improved else 1.0
    edge_index, edge_weight = add_remaining_self_loops(edge_index, edge_weight, fill_value, num_nodes)
    row, col = edge_index[0], edge_index[1]
    idx = col
    deg = torch.zeros(num_nodes, dtype=edge_weight.dtype).index_add(0, idx, edge_weight)
    deg_inv_sqrt = deg.pow_(-0.5)
    deg_inv_sqrt.masked_fill_(deg_inv_sqrt == float("inf"), 0)
    edge_weight = deg_inv_sqrt[row] * edge_weight * deg_inv_sqrt[col]
    return edge_index, edge_weight


class Model(nn.Module):
    def __init__(self, in_channels=6, out_channels=8):
        super().__init__()
        self.lin = nn.Linear(in_channels, out_channels, bias=False)
        self.bias = nn.Parameter(torch.zeros(out_channels))

    def forward(self, x, edge_index, edge_weight):
        edge_index, edge_weight = gcn_norm(edge_index, edge_weight, x.size(0))
        x = self.lin(x)
        msg = x[edge_index[0]] * edge_weight.unsqueeze(-1)
        out = torch.zeros_like(x).index_add(0, edge_index[1], msg)
        return out + self.bias


def _graph(n, e, seed):
    g = torch.Generator().manual_seed(seed)
    ei = torch.randint(0, n, (2, e), generator=g)
    ei[1, :3] = ei[0, :3]
    return torch.randn(n, 6, generator=g), ei, torch.rand(e, generator=g) + 0.5


example_inputs = [_graph(6, 14, 0), _graph(9, 20, 1), _graph(4, 10, 2)]
dynamic_shapes = ({0: Dim.DYNAMIC}, {1: Dim("e")}, {0: Dim("e")})
