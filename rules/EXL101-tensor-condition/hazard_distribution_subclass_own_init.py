import torch
from torch import nn
from torch.distributions import MultivariateNormal
from torch.export import Dim


class DiagMultivariateNormal(MultivariateNormal):
    """A subclass with its own constructor (no `validate_args` parameter): validation is
    its base's default, on. The keyword belongs in the `super().__init__` call."""

    def __init__(self, loc, std):
        super().__init__(loc, scale_tril=torch.diag_embed(std))

    def mode(self):
        return self.loc


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.mean = nn.Linear(8, 3)
        self.log_std = nn.Linear(8, 3)

    def forward(self, obs, actions):
        dist = DiagMultivariateNormal(self.mean(obs), self.log_std(obs).exp())  # expect: EXL101
        return dist.mode(), dist.log_prob(actions)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(4, 8), torch.randn(4, 3)),
    (torch.randn(7, 8), torch.randn(7, 3)),
    (torch.randn(2, 8), torch.randn(2, 3)),
]
dynamic_shapes = ({0: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
