import torch
from torch import nn
from torch.distributions import Normal
from torch.export import Dim


class StandardNormal(Normal):
    """A project subclass with a helper of its own; `cdf` and `log_prob` are its base's,
    which check the value's support with a Python `if` on its data."""

    def quantiles(self, n):
        return self.icdf(torch.linspace(0.05, 0.95, n))


class OwnCdfNormal(Normal):
    """Overrides `cdf` with a closed form that checks nothing: silent."""

    def cdf(self, value):
        return 0.5 * (1 + torch.erf(value * 0.7071067811865476))


class Model(nn.Module):
    def __init__(self, dim=4):
        super().__init__()
        self.proj = nn.Linear(dim, dim)

    def forward(self, x):
        h = self.proj(x)
        gate = StandardNormal(0.0, 1.0).cdf(h)  # expect: EXL101
        smooth = OwnCdfNormal(0.0, 1.0).cdf(h)
        return h * gate + smooth


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 5, 4),), (torch.randn(3, 7, 4),), (torch.randn(1, 3, 4),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
