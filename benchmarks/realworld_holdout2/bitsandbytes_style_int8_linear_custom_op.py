# Source: bitsandbytes-foundation/bitsandbytes bitsandbytes/_ops.py and backends/cpu/ops.py
#   (the torch.library registration of the int8 kernels, paraphrased): `torch.library.define(
#   "bitsandbytes::int8_linear_matmul", "(Tensor A, Tensor B) -> Tensor")`,
#   `@register_fake("bitsandbytes::int8_linear_matmul") def _(A, B): ... return
#   torch.empty((*A.shape[:-1], B.shape[0]), device=A.device, dtype=torch.int32)`, and the CPU
#   kernel `@register_kernel("bitsandbytes::int8_linear_matmul", "cpu") def _(A, B): return
#   torch._int_mm(A.reshape(-1, A.shape[-1]), B.t()).reshape(*A.shape[:-1], B.shape[0])`;
#   Linear8bitLt calls `torch.ops.bitsandbytes.int8_linear_matmul(CA, state.CB)`.
# What fails: the operator has a fake kernel, so torch.export keeps it, but torch.onnx has no
#   translation for a third-party operator.
import torch
from torch import nn
from torch.export import Dim

torch.library.define("bnbcpu::int8_linear_matmul", "(Tensor A, Tensor B) -> Tensor")


@torch.library.register_fake("bnbcpu::int8_linear_matmul")
def _(A, B):
    return torch.empty((*A.shape[:-1], B.shape[0]), device=A.device, dtype=torch.int32)


@torch.library.impl("bnbcpu::int8_linear_matmul", "cpu")
def _(A, B):
    return (A.to(torch.int32) @ B.to(torch.int32).t()).to(torch.int32)


class Linear8bit(nn.Module):
    def __init__(self, in_features, out_features):
        super().__init__()
        w = torch.randn(out_features, in_features)
        self.register_buffer("scb", w.abs().amax(dim=1) / 127)
        self.register_buffer("cb", torch.round(w / self.scb[:, None]).to(torch.int8))

    def forward(self, x):
        scale_a = x.abs().amax(dim=-1, keepdim=True).clamp(min=1e-6) / 127
        ca = torch.round(x / scale_a).to(torch.int8)
        out = torch.ops.bnbcpu.int8_linear_matmul(ca, self.cb)  # expect: EXL403
        return out.float() * scale_a * self.scb


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = Linear8bit(8, 6)
        self.fc2 = nn.Linear(6, 2)

    def forward(self, x):
        return self.fc2(torch.relu(self.fc1(x)))


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 5, 8),), (torch.randn(3, 9, 8),), (torch.randn(1, 4, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
