import torch
from torch import nn
from torch.distributions import Normal
from torch.export import Dim


class Model(nn.Module):
    """stable-baselines3 style Gaussian policy: log-probability of actions under a Normal.

    Normal validates `scale > 0` and the sample with `if not check(value).all(): raise`,
    a Python `if` on tensor data (validation is on by default).
    """

    def __init__(self, latent_dim=8, action_dim=3):
        super().__init__()
        self.mean_actions = nn.Linear(latent_dim, action_dim)
        self.log_std = nn.Parameter(torch.zeros(action_dim))

    def forward(self, latent, actions):
        mean_actions = self.mean_actions(latent)
        action_std = torch.ones_like(mean_actions) * self.log_std.exp()
        distribution = Normal(mean_actions, action_std, validate_args=False)  # expect: EXL101
        return distribution.log_prob(actions).sum(dim=1)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(4, 8), torch.randn(4, 3)),
    (torch.randn(7, 8), torch.randn(7, 3)),
    (torch.randn(2, 8), torch.randn(2, 3)),
]
dynamic_shapes = ({0: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
