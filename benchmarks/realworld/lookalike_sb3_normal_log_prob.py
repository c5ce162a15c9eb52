# Source: DLR-RM/stable-baselines3 stable_baselines3/common/distributions.py
#   (DiagGaussianDistribution.proba_distribution / log_prob, read through the code search):
#   `action_std = th.ones_like(mean_actions) * log_std.exp()`,
#   `self.distribution = Normal(mean_actions, action_std)`, `log_prob(actions)` summed.
# Measured on torch 2.13: the argument validation does not break export (it is skipped while
#   tracing); this exports and matches eager: a look-alike that must stay silent.
import torch
from torch import nn
from torch.distributions import Normal
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, latent_dim=8, action_dim=3):
        super().__init__()
        self.mean_actions = nn.Linear(latent_dim, action_dim)
        self.log_std = nn.Parameter(torch.zeros(action_dim))

    def forward(self, latent, actions):
        mean_actions = self.mean_actions(latent)
        action_std = torch.ones_like(mean_actions) * self.log_std.exp()
        distribution = Normal(mean_actions, action_std)
        return distribution.log_prob(actions).sum(dim=1)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(4, 8), torch.randn(4, 3)),
    (torch.randn(7, 8), torch.randn(7, 3)),
    (torch.randn(2, 8), torch.randn(2, 3)),
]
dynamic_shapes = ({0: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
