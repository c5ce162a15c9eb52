# Source: exact-GELU and probit helpers written with a standard normal
#   (`torch.distributions.Normal(0.0, 1.0).cdf(x)`, e.g. Bayesian-layer and
#   quantile-regression code); torch/distributions/normal.py `Normal.cdf`:
#   `if self._validate_args: self._validate_sample(value)`.
# What fails: the distribution is built from Python numbers (its own checks pass), but `cdf`
#   checks the tensor value's support with a Python `if`: GuardOnDataDependentSymNode
#   (measured on 2.13; `icdf` has no such check).
import torch
from torch import nn
from torch.export import Dim


class ProbitGate(nn.Module):
    def __init__(self, dim=4):
        super().__init__()
        self.proj = nn.Linear(dim, dim)

    def forward(self, x):
        h = self.proj(x)
        gate = torch.distributions.Normal(0.0, 1.0).cdf(h)  # expect: EXL101
        return h * gate


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.gate = ProbitGate()

    def forward(self, x):
        return self.gate(x)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 5, 4),), (torch.randn(3, 7, 4),), (torch.randn(1, 3, 4),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
