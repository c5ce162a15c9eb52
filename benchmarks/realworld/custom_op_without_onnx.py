# Source: PyTorch tutorial "Adding Training and Other Registrations to Python Custom Operators"
#   (https://docs.pytorch.org/tutorials/advanced/python_custom_ops_registrations.html):
#   `@torch.library.custom_op("mylib_training::numpy_sin", mutates_args=())` with
#   `@numpy_sin.register_fake`. torch.export works; torch.onnx has no translation for it.
# What fails: torch.onnx.export: "No ONNX function found" for the custom operator (the
#   failure issue 9 saw in every MoE model with a custom experts kernel).
import numpy as np
import torch
from torch import Tensor, nn
from torch.export import Dim


def _numpy_sin_op():
    try:
        return torch.ops.realworld_noonnx.numpy_sin
    except (AttributeError, RuntimeError):
        pass

    @torch.library.custom_op("realworld_noonnx::numpy_sin", mutates_args=(), device_types="cpu")
    def numpy_sin(x: Tensor) -> Tensor:
        result = torch.empty_like(x)
        np.sin(x.detach().numpy(), out=result.numpy())
        return result

    @numpy_sin.register_fake
    def _(x):
        return torch.empty_like(x)

    return numpy_sin


numpy_sin = _numpy_sin_op()


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.proj = nn.Linear(4, 4)

    def forward(self, x):
        return torch.ops.realworld_noonnx.numpy_sin(self.proj(x)) * 2.0  # expect: NONE-custom-op


torch.manual_seed(0)
example_inputs = [(torch.randn(3, 4),), (torch.randn(5, 4),), (torch.randn(2, 4),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
