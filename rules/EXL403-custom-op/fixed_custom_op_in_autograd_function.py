import torch
from torch.export import Dim


def scaled_tanh(x: torch.Tensor, scale: float) -> torch.Tensor:
    return torch.tanh(x) * scale


class ScaledTanh(torch.autograd.Function):
    """A fused kernel behind an autograd.Function: `.apply` runs `forward`, which export
    traces; the operator in it has no fake (meta) kernel."""

    @staticmethod
    def forward(ctx, x, scale):
        ctx.scale = scale
        y = scaled_tanh(x, scale)  # expect: EXL403
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, grad):
        (y,) = ctx.saved_tensors
        return grad * (ctx.scale - y * y / ctx.scale), None


class Model(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.proj = torch.nn.Linear(6, 6)

    def forward(self, x):
        return ScaledTanh.apply(self.proj(x), 2.0)


torch.manual_seed(0)
example_inputs = [(torch.randn(3, 6),), (torch.randn(5, 6),), (torch.randn(2, 6),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
