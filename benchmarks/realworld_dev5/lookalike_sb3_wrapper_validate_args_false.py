# Source: DLR-RM/stable-baselines3 stable_baselines3/common/distributions.py
#   (`DiagGaussianDistribution`), with the export-time setting the torch.distributions docs
#   describe: `Normal(mean_actions, action_std, validate_args=False)`.
# Look-alike: no argument validation, so no Python `if` on tensor data: exports and matches
#   eager.
import torch
from torch import nn
from torch.distributions import Normal
from torch.export import Dim


class DiagGaussianDistribution:
    def __init__(self, action_dim):
        self.action_dim = action_dim
        self.distribution = None

    def proba_distribution(self, mean_actions, log_std):
        action_std = torch.ones_like(mean_actions) * log_std.exp()
        self.distribution = Normal(mean_actions, action_std, validate_args=False)
        return self

    def log_prob(self, actions):
        return self.distribution.log_prob(actions).sum(dim=1)


class Model(nn.Module):
    def __init__(self, latent_dim=8, action_dim=3):
        super().__init__()
        self.action_net = nn.Linear(latent_dim, action_dim)
        self.log_std = nn.Parameter(torch.zeros(action_dim))
        self.action_dist = DiagGaussianDistribution(action_dim)

    def forward(self, obs, actions):
        dist = self.action_dist.proba_distribution(self.action_net(obs), self.log_std)
        return dist.log_prob(actions)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(4, 8), torch.randn(4, 3)),
    (torch.randn(7, 8), torch.randn(7, 3)),
    (torch.randn(2, 8), torch.randn(2, 3)),
]
dynamic_shapes = ({0: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
