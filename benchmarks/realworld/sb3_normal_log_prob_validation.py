# Source: DLR-RM/stable-baselines3 stable_baselines3/common/distributions.py
#   (DiagGaussianDistribution.proba_distribution / log_prob, read through the code search):
#   `action_std = th.ones_like(mean_actions) * log_std.exp()`,
#   `self.distribution = Normal(mean_actions, action_std)`, `log_prob(actions)` summed.
# What fails: Normal validates its arguments (on by default) with `if not
#   constraint.check(value).all(): raise ValueError`, a Python `if` on tensor data:
#   GuardOnDataDependentSymNode (strict=False) on torch 2.13 (re-measured: this file was a
#   look-alike, but its own proof fails; with validate_args=False it exports and matches).
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
        distribution = Normal(mean_actions, action_std)  # expect: EXL101
        return distribution.log_prob(actions).sum(dim=1)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(4, 8), torch.randn(4, 3)),
    (torch.randn(7, 8), torch.randn(7, 3)),
    (torch.randn(2, 8), torch.randn(2, 3)),
]
dynamic_shapes = ({0: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
