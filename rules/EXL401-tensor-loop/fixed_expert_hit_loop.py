import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Top-1 mixture of experts that visits only the experts some token was routed to:
    the loop runs over the rows of `nonzero()`, as many as the data says."""

    def __init__(self):
        super().__init__()
        self.router = torch.nn.Linear(8, 4)
        self.experts = torch.nn.Parameter(torch.randn(4, 8, 8) * 0.3)

    def forward(self, x):
        scores = self.router(x).softmax(dim=-1)
        weight, choice = scores.max(dim=-1)
        routed = scores == weight.unsqueeze(-1)
        hit = routed.any(dim=0)
        out = torch.zeros_like(x)
        for expert in range(hit.shape[-1]):  # expect: EXL401
            (rows,) = torch.where(choice == expert)
            update = (x[rows] @ self.experts[expert]) * weight[rows, None]
            out = out.index_add(0, rows, update)
        return out


torch.manual_seed(0)
example_inputs = [(torch.randn(6, 8),), (torch.randn(11, 8),), (torch.randn(3, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
