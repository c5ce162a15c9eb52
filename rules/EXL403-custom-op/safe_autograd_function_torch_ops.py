import torch
from torch.export import Dim


class ClampGrad(torch.autograd.Function):
    """An autograd.Function built of torch ops only: export traces its forward like any
    other code, and nothing in it is opaque."""

    @staticmethod
    def forward(ctx, x, limit):
        ctx.limit = limit
        return x.clamp(-limit, limit) * 0.5

    @staticmethod
    def backward(ctx, grad):
        return grad.clamp(-ctx.limit, ctx.limit) * 0.5, None


class Model(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.proj = torch.nn.Linear(6, 6)

    def forward(self, x):
        return ClampGrad.apply(self.proj(x), 1.5)


torch.manual_seed(0)
example_inputs = [(torch.randn(3, 6),), (torch.randn(5, 6),), (torch.randn(2, 6),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
