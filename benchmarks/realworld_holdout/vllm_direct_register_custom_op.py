# Source: vllm-project/vllm vllm/utils.py (direct_register_custom_op): `schema_str =
#   torch.library.infer_schema(op_func, mutates_args=mutates_args)`, `my_lib.define(op_name +
#   schema_str)`, `my_lib.impl(op_name, op_func, dispatch_key=dispatch_key)`,
#   `my_lib._register_fake(op_name, fake_impl)` on `vllm_lib = Library("vllm", "FRAGMENT")`;
#   layers then call `torch.ops.vllm.<op>(...)` in forward.
# What fails: the operator has a fake kernel, so torch.export works, but torch.onnx has no
#   translation for it ("No ONNX function found").
import torch
from torch import nn
from torch.export import Dim
from torch.library import Library


def silu_and_mul(x: torch.Tensor) -> torch.Tensor:
    d = x.shape[-1] // 2
    return nn.functional.silu(x[..., :d]) * x[..., d:]


def silu_and_mul_fake(x: torch.Tensor) -> torch.Tensor:
    return x.new_empty(x.shape[:-1] + (x.shape[-1] // 2,))


def direct_register_custom_op(op_name, op_func, mutates_args, fake_impl=None, target_lib=None, dispatch_key="CPU"):
    schema_str = torch.library.infer_schema(op_func, mutates_args=mutates_args)
    my_lib = target_lib
    my_lib.define(op_name + schema_str)
    my_lib.impl(op_name, op_func, dispatch_key=dispatch_key)
    if fake_impl is not None:
        my_lib._register_fake(op_name, fake_impl)


holdout_vllm_lib = Library("holdout_vllm", "FRAGMENT")
if not hasattr(torch.ops.holdout_vllm, "silu_and_mul"):
    direct_register_custom_op("silu_and_mul", silu_and_mul, mutates_args=[], fake_impl=silu_and_mul_fake, target_lib=holdout_vllm_lib)


class Model(nn.Module):
    def __init__(self, hidden=8, intermediate=6):
        super().__init__()
        self.gate_up_proj = nn.Linear(hidden, 2 * intermediate, bias=False)
        self.down_proj = nn.Linear(intermediate, hidden, bias=False)

    def forward(self, x):
        gate_up = self.gate_up_proj(x)
        x = torch.ops.holdout_vllm.silu_and_mul(gate_up)  # expect: EXL403
        return self.down_proj(x)


torch.manual_seed(0)
example_inputs = [(torch.randn(5, 8),), (torch.randn(9, 8),), (torch.randn(3, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
