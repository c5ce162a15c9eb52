import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """The same graph pooling as a scattered sum over a scattered count, and a scattered max:
    both convert and match eager."""

    def __init__(self, num_graphs=4):
        super().__init__()
        self.num_graphs = num_graphs
        self.lin = torch.nn.Linear(3, 3)

    def forward(self, x, batch):
        h = self.lin(x)
        index = batch.unsqueeze(-1).expand_as(h)
        out = h.new_zeros(self.num_graphs, h.shape[1])
        total = out.scatter_reduce(0, index, h, "sum", include_self=False)
        count = torch.zeros_like(out).scatter_reduce(0, index, torch.ones_like(h), "sum", include_self=False)
        peak = torch.scatter_reduce(out, 0, index, h, reduce="amax", include_self=False)
        return total / count.clamp(min=1) + peak


torch.manual_seed(0)
example_inputs = [
    (torch.randn(6, 3), torch.tensor([0, 0, 1, 2, 2, 3])),
    (torch.randn(5, 3), torch.tensor([0, 1, 1, 2, 3])),
    (torch.randn(8, 3), torch.tensor([0, 0, 0, 1, 2, 2, 3, 3])),
]
dynamic_shapes = ({0: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
