# Source: exact-GELU / probit gates written with a standard normal and the export-time setting
#   the torch.distributions docs describe (`Normal(0.0, 1.0, validate_args=False).cdf(x)`);
#   torch/distributions/normal.py `Normal.cdf` skips `_validate_sample` when `_validate_args`
#   is off.
# Look-alike: no value check, so no Python `if` on tensor data: exports and matches eager.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, dim=4):
        super().__init__()
        self.proj = nn.Linear(dim, dim)

    def forward(self, x):
        h = self.proj(x)
        standard = torch.distributions.Normal(0.0, 1.0, validate_args=False)
        return h * standard.cdf(h)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 5, 4),), (torch.randn(3, 7, 4),), (torch.randn(1, 3, 4),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
