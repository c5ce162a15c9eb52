import functools

import torch
from torch import nn
from torch.export import Dim


def _batched_forward(self, x):
    return torch.einsum("bi,ij->bj", x, self.weight)


class Implementations:
    """A registry of forward implementations written with ATen operators only."""

    _mapping = {"batched_mm": _batched_forward}

    def get(self, key, default):
        return self._mapping.get(key, default)


ALL_IMPLEMENTATIONS = Implementations()


def use_implementation(cls):
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
        self.implementation = "batched_mm"

    def forward(self, x):
        return x @ self.weight


class Model(nn.Module):
    """The same decorator dispatch, to implementations with no custom operator: it exports
    and converts to ONNX."""

    def __init__(self):
        super().__init__()
        self.gate = nn.Linear(8, 8)
        self.experts = Experts()

    def forward(self, x):
        return self.experts(self.gate(x))


torch.manual_seed(0)
example_inputs = [(torch.randn(3, 8),), (torch.randn(5, 8),), (torch.randn(2, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
