import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Graph pooling: the mean of each node's features per graph, with scatter_reduce("mean")."""

    def __init__(self, num_graphs=4):
        super().__init__()
        self.num_graphs = num_graphs
        self.lin = torch.nn.Linear(3, 3)

    def forward(self, x, batch):
        h = self.lin(x)
        index = batch.unsqueeze(-1).expand_as(h)
        out = h.new_zeros(self.num_graphs, h.shape[1])
        return out.scatter_reduce(0, index, h, reduce="mean", include_self=False)  # expect: EXL404


torch.manual_seed(0)
example_inputs = [
    (torch.randn(6, 3), torch.tensor([0, 0, 1, 2, 2, 3])),
    (torch.randn(5, 3), torch.tensor([0, 1, 1, 2, 3])),
    (torch.randn(8, 3), torch.tensor([0, 0, 0, 1, 2, 2, 3, 3])),
]
dynamic_shapes = ({0: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
