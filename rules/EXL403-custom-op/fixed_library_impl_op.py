import torch
from torch import nn
from torch.export import Dim
from torch.library import Library

# An operator defined on a `torch.library.Library` with a Python kernel and a fake kernel
# (the way serving engines register fused kernels), called through `torch.ops`: export keeps
# it opaque, and torch.onnx has no translation for it.


def gelu_and_scale(x: torch.Tensor, scale: float) -> torch.Tensor:
    return nn.functional.gelu(x) * scale


def gelu_and_scale_meta(x: torch.Tensor, scale: float) -> torch.Tensor:
    return torch.empty_like(x)


exl403_lib = Library("exl403impl", "FRAGMENT")
if not hasattr(torch.ops.exl403impl, "gelu_and_scale"):
    exl403_lib.define("gelu_and_scale(Tensor x, float scale) -> Tensor")
    exl403_lib.impl("gelu_and_scale", gelu_and_scale, "CPU")
    exl403_lib._register_fake("gelu_and_scale", gelu_and_scale_meta)


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.up = nn.Linear(8, 8)

    def forward(self, x):
        return gelu_and_scale(self.up(x), 0.5)  # expect: EXL403


torch.manual_seed(0)
example_inputs = [(torch.randn(4, 8),), (torch.randn(7, 8),), (torch.randn(2, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
