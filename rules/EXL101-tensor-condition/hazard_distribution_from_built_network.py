import torch
import torch.distributions as D
from torch import nn
from torch.export import Dim


def mlp(sizes):
    layers = []
    for i in range(len(sizes) - 1):
        layers += [nn.Linear(sizes[i], sizes[i + 1]), nn.Tanh()]
    return nn.Sequential(*layers[:-1])


class Model(nn.Module):
    """A Gaussian actor (Spinning Up's MLPGaussianActor) whose network a helper builds: the
    mean and log-std come out of `self.net(obs).chunk(2, -1)`; the distribution built from
    them validates its arguments."""

    def __init__(self, obs_dim=6, act_dim=2):
        super().__init__()
        self.net = mlp([obs_dim, 16, 2 * act_dim])

    def forward(self, obs, act):
        mu, log_std = self.net(obs).chunk(2, dim=-1)
        pi = D.Normal(mu, torch.exp(log_std.clamp(-5, 2)))  # expect: EXL101
        return pi.log_prob(act).sum(axis=-1)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(4, 6), torch.randn(4, 2)),
    (torch.randn(9, 6), torch.randn(9, 2)),
    (torch.randn(3, 6), torch.randn(3, 2)),
]
dynamic_shapes = ({0: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
