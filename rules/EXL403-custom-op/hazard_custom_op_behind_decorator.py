import functools

import torch
from torch import nn
from torch.export import Dim


def _grouped_matmul(x: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
    return x @ w


# The functional registration transformers uses for `grouped_mm_fallback`.
torch.library.custom_op("exl403moe::grouped_matmul", _grouped_matmul, mutates_args=())
torch.library.register_fake("exl403moe::grouped_matmul", lambda x, w: x.new_empty(x.shape[0], w.shape[1]))


def _grouped_forward(self, x):
    return torch.ops.exl403moe.grouped_matmul(x, self.weight)


class Implementations:
    """A registry of forward implementations, picked by a configuration string at run time."""

    _mapping = {"grouped_mm": _grouped_forward}

    def get(self, key, default):
        return self._mapping.get(key, default)


ALL_IMPLEMENTATIONS = Implementations()


def use_implementation(cls):
    """transformers' `@use_experts_implementation`: forward dispatches through the registry."""
    original = cls.forward

    @functools.wraps(original)
    def forward(self, *args, **kwargs):
        return ALL_IMPLEMENTATIONS.get(self.implementation, original)(self, *args, **kwargs)

    cls.forward = forward
    return cls


@use_implementation
class Experts(nn.Module):
    def __init__(self):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(8, 8))
        self.implementation = "grouped_mm"

    def forward(self, x):
        return x @ self.weight


class Model(nn.Module):
    """An MoE block whose experts class is rewired by a decorator: the code export traces
    calls a custom operator the modeling code never names; torch.onnx cannot translate it."""

    def __init__(self):
        super().__init__()
        self.gate = nn.Linear(8, 8)
        self.experts = Experts()

    def forward(self, x):
        return self.experts(self.gate(x))  # expect: EXL403


torch.manual_seed(0)
example_inputs = [(torch.randn(3, 8),), (torch.randn(5, 8),), (torch.randn(2, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
