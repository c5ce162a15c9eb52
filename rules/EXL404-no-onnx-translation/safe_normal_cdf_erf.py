import torch
from torch import nn
from torch.distributions import Normal
from torch.export import Dim


class Model(nn.Module):
    """The standard normal's `cdf` (erf converts to ONNX) without value validation, and its
    `icdf` of a Python-number probability folded outside the model."""

    def __init__(self, dim=4):
        super().__init__()
        self.proj = nn.Linear(dim, dim)
        self.threshold = Normal(0.0, 1.0).icdf(torch.tensor(0.95)).item()

    def forward(self, x):
        h = self.proj(x)
        gate = Normal(0.0, 1.0, validate_args=False).cdf(h)
        return h * gate * (h < self.threshold)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 5, 4),), (torch.randn(3, 7, 4),), (torch.randn(1, 3, 4),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
