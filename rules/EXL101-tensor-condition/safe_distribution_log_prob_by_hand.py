import math

import torch
from torch import nn
from torch.export import Dim


class Normal(nn.Module):
    """A layer of the model that happens to be called Normal (not torch.distributions)."""

    def forward(self, x):
        return (x - x.mean(dim=-1, keepdim=True)) / (x.std(dim=-1, keepdim=True) + 1e-5)


class Model(nn.Module):
    """The Gaussian policy's log-probability written with tensor ops, next to a local
    `Normal` layer: nothing validates arguments with a Python `if`."""

    def __init__(self, latent_dim=8, action_dim=3):
        super().__init__()
        self.norm = Normal()
        self.mean_actions = nn.Linear(latent_dim, action_dim)
        self.log_std = nn.Parameter(torch.zeros(action_dim))

    def forward(self, latent, actions):
        mean_actions = self.mean_actions(self.norm(latent))
        log_std = self.log_std.expand_as(mean_actions)
        z = (actions - mean_actions) / log_std.exp()
        log_prob = -0.5 * z**2 - log_std - 0.5 * math.log(2 * math.pi)
        return log_prob.sum(dim=1)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(4, 8), torch.randn(4, 3)),
    (torch.randn(7, 8), torch.randn(7, 3)),
    (torch.randn(2, 8), torch.randn(2, 3)),
]
dynamic_shapes = ({0: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
