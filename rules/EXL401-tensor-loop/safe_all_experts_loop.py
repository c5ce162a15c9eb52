import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Top-1 mixture of experts that visits every expert (a count fixed by the model); an
    expert no token chose adds an empty set of rows."""

    def __init__(self):
        super().__init__()
        self.num_experts = 4
        self.router = torch.nn.Linear(8, 4)
        self.experts = torch.nn.Parameter(torch.randn(4, 8, 8) * 0.3)

    def forward(self, x):
        weight, choice = self.router(x).softmax(dim=-1).max(dim=-1)
        out = torch.zeros_like(x)
        for expert in range(self.num_experts):
            (rows,) = torch.where(choice == expert)
            update = (x[rows] @ self.experts[expert]) * weight[rows, None]
            out = out.index_add(0, rows, update)
        return out


torch.manual_seed(0)
example_inputs = [(torch.randn(6, 8),), (torch.randn(11, 8),), (torch.randn(3, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
