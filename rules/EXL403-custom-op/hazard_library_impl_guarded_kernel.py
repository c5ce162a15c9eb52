import torch
from torch.export import Dim

# A fused SwiGLU kernel, defined once per process (the guard lets the module be imported
# again) and run behind a torch.autograd.Function, the way fused-kernel packages wrap their
# extensions. The CPU kernel is registered with the decorator form of torch.library.impl.
if not hasattr(torch.ops.exl403guard, "swiglu"):
    torch.library.define("exl403guard::swiglu", "(Tensor gate, Tensor up) -> Tensor")

    @torch.library.impl("exl403guard::swiglu", "cpu")
    def _swiglu_cpu(gate, up):
        return torch.nn.functional.silu(gate) * up


class FusedSwiGLU(torch.autograd.Function):
    @staticmethod
    def forward(ctx, gate, up):
        ctx.save_for_backward(gate, up)
        return torch.ops.exl403guard.swiglu(gate, up)  # expect: EXL403


class Model(torch.nn.Module):
    def __init__(self, dim=8, hidden=16):
        super().__init__()
        self.gate = torch.nn.Linear(dim, hidden)
        self.up = torch.nn.Linear(dim, hidden)
        self.down = torch.nn.Linear(hidden, dim)

    def forward(self, x):
        return self.down(FusedSwiGLU.apply(self.gate(x), self.up(x)))


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 5, 8),), (torch.randn(1, 9, 8),), (torch.randn(3, 2, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
