import torch
from torch import nn
from torch.distributions import Normal
from torch.export import Dim


class Model(nn.Module):
    """A standard normal built from Python numbers (its own checks pass on constants), but
    `cdf`/`log_prob` check the tensor value's support with a Python `if` on its data."""

    def __init__(self, dim=4):
        super().__init__()
        self.proj = nn.Linear(dim, dim)

    def forward(self, x):
        h = self.proj(x)
        gate = torch.distributions.Normal(0.0, 1.0).cdf(h)  # expect: EXL101
        prior = Normal(0, 1)
        return h * gate + prior.log_prob(h)  # expect: EXL101


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 5, 4),), (torch.randn(3, 7, 4),), (torch.randn(1, 3, 4),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
