import torch
import torch.nn as nn
from torch.export import Dim


class NormalHead(nn.Module):
    def __init__(self, num_inputs, num_outputs):
        super().__init__()
        self.mean = nn.Linear(num_inputs, num_outputs)
        self.log_std = nn.Parameter(torch.zeros(num_outputs))

    def forward(self, x):
        mean = self.mean(x)
        return torch.distributions.Normal(mean, self.log_std.exp(), validate_args=False)


class Model(nn.Module):
    """A head returning a torch.distributions object: `.mode` is its property, not
    `Tensor.mode` (aten.mode)."""

    def __init__(self):
        super().__init__()
        self.head = NormalHead(8, 3)

    def forward(self, obs):
        dist = self.head(obs)
        return dist.mode, dist.stddev


torch.manual_seed(0)
example_inputs = [(torch.randn(4, 8),), (torch.randn(7, 8),), (torch.randn(2, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
