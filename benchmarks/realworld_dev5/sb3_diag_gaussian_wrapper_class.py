# Source: DLR-RM/stable-baselines3 stable_baselines3/common/distributions.py
#   (`DiagGaussianDistribution.proba_distribution`: `action_std = th.ones_like(mean_actions) *
#   log_std.exp()`, `self.distribution = Normal(mean_actions, action_std)`), kept on the policy
#   as `self.action_dist` and called from its forward.
# What fails: the Normal built in the wrapper's method validates its arguments with a Python
#   `if` on tensor data: GuardOnDataDependentSymNode.
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
        self.distribution = Normal(mean_actions, action_std)  # expect: EXL101
        return self

    def log_prob(self, actions):
        return self.distribution.log_prob(actions).sum(dim=1)


class Model(nn.Module):
    def __init__(self, latent_dim=8, action_dim=3):
        super().__init__()
        self.mlp = nn.Sequential(nn.Linear(latent_dim, latent_dim), nn.Tanh())
        self.action_net = nn.Linear(latent_dim, action_dim)
        self.log_std = nn.Parameter(torch.zeros(action_dim))
        self.action_dist = DiagGaussianDistribution(action_dim)

    def forward(self, obs, actions):
        mean_actions = self.action_net(self.mlp(obs))
        dist = self.action_dist.proba_distribution(mean_actions, self.log_std)
        return dist.log_prob(actions)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(4, 8), torch.randn(4, 3)),
    (torch.randn(7, 8), torch.randn(7, 3)),
    (torch.randn(2, 8), torch.randn(2, 3)),
]
dynamic_shapes = ({0: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
