# Source: pyg-team/pytorch_geometric torch_geometric/utils/_to_dense_batch.py (to_dense_batch,
#   paraphrased; the pure-torch scatter of torch_geometric.utils written inline with
#   scatter_add): `if batch_size is None: batch_size = int(batch.max()) + 1`, `num_nodes =
#   scatter(batch.new_ones(x.size(0)), batch, dim=0, dim_size=batch_size, reduce='sum')`,
#   `cum_nodes = cumsum(num_nodes)`, `if max_num_nodes is None: max_num_nodes =
#   int(num_nodes.max())`, `tmp = torch.arange(batch.size(0), device=x.device) - cum_nodes[batch]`,
#   `idx = tmp + (batch * max_num_nodes)`, `size = [batch_size * max_num_nodes] +
#   list(x.size())[1:]`, `out = torch.as_tensor(fill_value, device=x.device)`, `out =
#   out.to(x.dtype).repeat(size)`, `out[idx] = x`, `out = out.view([batch_size, max_num_nodes] +
#   list(x.size())[1:])`, `mask = torch.zeros(batch_size * max_num_nodes, dtype=torch.bool,
#   device=x.device)`, `mask[idx] = 1`; used by dense pooling/readout layers (DiffPool, the
#   graph transformers' attention over the nodes of each graph).
# What fails: the number of graphs and the largest graph's node count are read out of the
#   `batch` vector with `int(t.max())` and become the shape of the dense output: export cannot
#   turn the data into Python ints.
import torch
from torch import nn
from torch.export import Dim


def cumsum(x):
    return torch.cat([x.new_zeros(1), torch.cumsum(x, dim=0)], dim=0)


def to_dense_batch(x, batch, fill_value=0.0):
    batch_size = int(batch.max()) + 1  # expect: EXL201
    num_nodes = torch.zeros(batch_size, dtype=batch.dtype).scatter_add_(0, batch, batch.new_ones(x.size(0)))
    cum_nodes = cumsum(num_nodes)
    max_num_nodes = int(num_nodes.max())  # expect: EXL201
    tmp = torch.arange(batch.size(0), device=x.device) - cum_nodes[batch]
    idx = tmp + (batch * max_num_nodes)
    size = [batch_size * max_num_nodes] + list(x.size())[1:]
    out = torch.as_tensor(fill_value, device=x.device)
    out = out.to(x.dtype).repeat(size)
    out[idx] = x
    out = out.view([batch_size, max_num_nodes] + list(x.size())[1:])
    mask = torch.zeros(batch_size * max_num_nodes, dtype=torch.bool, device=x.device)
    mask[idx] = 1
    mask = mask.view(batch_size, max_num_nodes)
    return out, mask


class Model(nn.Module):
    def __init__(self, dim=8):
        super().__init__()
        self.lin = nn.Linear(dim, dim)
        self.attn = nn.MultiheadAttention(dim, 2, batch_first=True)

    def forward(self, x, batch):
        h = self.lin(x)
        dense, mask = to_dense_batch(h, batch)
        out, _ = self.attn(dense, dense, dense, key_padding_mask=~mask)
        return out[mask]


torch.manual_seed(0)
example_inputs = [
    (torch.randn(7, 8), torch.tensor([0, 0, 0, 1, 1, 2, 2])),
    (torch.randn(9, 8), torch.tensor([0, 0, 1, 1, 1, 1, 2, 3, 3])),
    (torch.randn(5, 8), torch.tensor([0, 1, 1, 1, 1])),
]
dynamic_shapes = ({0: Dim("nodes")}, {0: Dim("nodes")})
