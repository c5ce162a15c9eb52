import torch
from torch.export import Dim


def scaled_gelu(x: torch.Tensor, scale: float) -> torch.Tensor:
    return torch.nn.functional.gelu(x) * scale


class Model(torch.nn.Module):
    """A fused activation shipped as a custom operator (as MoE kernels are): torch.export
    keeps the call, and torch.onnx finds no translation for it."""

    def __init__(self):
        super().__init__()
        self.proj = torch.nn.Linear(8, 8)

    def forward(self, x):
        return scaled_gelu(self.proj(x), 0.5)  # expect: EXL403


torch.manual_seed(0)
example_inputs = [(torch.randn(3, 8),), (torch.randn(5, 8),), (torch.randn(2, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
