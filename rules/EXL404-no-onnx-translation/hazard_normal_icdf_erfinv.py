import torch
from torch import nn
from torch.distributions import Normal
from torch.export import Dim


class Model(nn.Module):
    """Rank-Gaussian normalisation: probabilities mapped to standard-normal scores with
    `Normal(0, 1).icdf(p)`. It exports (no value check in icdf), but icdf computes
    `torch.erfinv`, which torch.onnx cannot convert."""

    def __init__(self, dim=4):
        super().__init__()
        self.proj = nn.Linear(dim, dim)

    def forward(self, x):
        p = torch.sigmoid(self.proj(x)).clamp(1e-4, 1 - 1e-4)
        standard = Normal(0.0, 1.0)
        return standard.icdf(p)  # expect: EXL404


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 5, 4),), (torch.randn(3, 7, 4),), (torch.randn(1, 3, 4),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
