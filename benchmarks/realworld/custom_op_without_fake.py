# Source: PyTorch tutorial "Functional Python Custom Operators"
#   (https://docs.pytorch.org/tutorials/advanced/python_custom_ops_functional.html): NumPy's sin
#   wrapped with `torch.library.custom_op(..., mutates_args=())`; the tutorial says a fake
#   kernel must be registered for torch.export. Here none is.
# What fails: torch.export cannot trace a custom operator without a fake (meta) kernel.
import numpy as np
import torch
from torch import Tensor, nn
from torch.export import Dim


def _numpy_sin_op():
    try:
        return torch.ops.realworld_nofake.numpy_sin
    except (AttributeError, RuntimeError):
        pass

    @torch.library.custom_op("realworld_nofake::numpy_sin", mutates_args=(), device_types="cpu")
    def numpy_sin(x: Tensor) -> Tensor:
        result = torch.empty_like(x)
        np.sin(x.detach().numpy(), out=result.numpy())
        return result

    return numpy_sin


numpy_sin = _numpy_sin_op()


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.proj = nn.Linear(4, 4)

    def forward(self, x):
        return numpy_sin(self.proj(x)) * 2.0  # expect: NONE-custom-op


torch.manual_seed(0)
example_inputs = [(torch.randn(3, 4),), (torch.randn(5, 4),), (torch.randn(2, 4),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
