import torch
from torch.export import Dim


def route_scale(x: torch.Tensor) -> torch.Tensor:
    return x * torch.sigmoid(x)


class Model(torch.nn.Module):
    """An expert gate calls its custom operator by its Python name: still a custom op node."""

    def __init__(self):
        super().__init__()
        self.gate = torch.nn.Linear(8, 8)

    def forward(self, x):
        return route_scale(self.gate(x))  # expect: EXL403


torch.manual_seed(0)
example_inputs = [(torch.randn(3, 8),), (torch.randn(6, 8),), (torch.randn(2, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
