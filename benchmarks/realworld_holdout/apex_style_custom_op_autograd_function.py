# Source: PyTorch docs for torch.library.define / torch.library.impl
#   (https://docs.pytorch.org/docs/stable/library.html: `torch.library.define("mylib::sin",
#   "(Tensor x) -> Tensor")`, `@torch.library.impl("mylib::sin", "cpu")`), used behind a
#   `torch.autograd.Function` as NVIDIA/apex's FusedRMSNormAffineFunction wraps its fused kernel
#   (`output = fused_layer_norm_cuda.rms_forward_affine(...)` in `forward(ctx, ...)`).
# What fails: the operator has a CPU kernel but no fake (meta) kernel: torch.export cannot
#   trace through it.
import torch
from torch import nn
from torch.export import Dim

if not hasattr(torch.ops.holdout_apex, "rms_forward_affine"):
    torch.library.define("holdout_apex::rms_forward_affine", "(Tensor x, Tensor weight, float eps) -> Tensor")

    @torch.library.impl("holdout_apex::rms_forward_affine", "cpu")
    def _rms_forward_affine(x, weight, eps):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps) * weight


class FusedRMSNormAffineFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, input, weight, normalized_shape, eps):
        ctx.normalized_shape = normalized_shape
        ctx.eps = eps
        output = torch.ops.holdout_apex.rms_forward_affine(input.contiguous(), weight.contiguous(), eps)  # expect: EXL403
        ctx.save_for_backward(input, weight)
        return output


class FusedRMSNorm(nn.Module):
    def __init__(self, normalized_shape, eps=1e-5):
        super().__init__()
        self.normalized_shape = (normalized_shape,)
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(normalized_shape) + 0.1 * torch.arange(normalized_shape))

    def forward(self, input):
        return FusedRMSNormAffineFunction.apply(input, self.weight, self.normalized_shape, self.eps)


class Model(nn.Module):
    def __init__(self, dim=8):
        super().__init__()
        self.norm = FusedRMSNorm(dim)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x):
        return self.proj(self.norm(x))


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 5, 8),), (torch.randn(1, 9, 8),), (torch.randn(3, 3, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
