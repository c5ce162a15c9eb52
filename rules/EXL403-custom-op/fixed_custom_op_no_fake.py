import torch
from torch.export import Dim


def clip_norm(x: torch.Tensor) -> torch.Tensor:
    return x / x.norm(dim=-1, keepdim=True).clamp_min(1.0)


class Model(torch.nn.Module):
    """A custom operator with no fake (meta) kernel: torch.export cannot trace it."""

    def __init__(self):
        super().__init__()
        self.proj = torch.nn.Linear(8, 8)

    def forward(self, x):
        return clip_norm(self.proj(x))  # expect: EXL403


torch.manual_seed(0)
example_inputs = [(torch.randn(3, 8),), (torch.randn(6, 8),), (torch.randn(2, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
