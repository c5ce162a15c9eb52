# Source: vwxyzjn/cleanrl cleanrl/ppo_continuous_action.py (Agent.get_action_and_value):
#   `action_mean = self.actor_mean(x)`, `action_logstd = self.actor_logstd.expand_as(action_mean)`,
#   `action_std = torch.exp(action_logstd)`, `probs = Normal(action_mean, action_std)`, `return
#   action, probs.log_prob(action).sum(1), probs.entropy().sum(1), self.critic(x)` (exported with
#   the action given, as for off-line evaluation).
# What fails: `Normal(...)` validates its arguments by default (`validate_args` is on unless
#   Python runs with -O): the check reads tensor values into a Python `if` inside
#   torch.distributions (GuardOnDataDependentSymNode). (`log_prob` validates its sample too, but
#   only when the instance validates: the constructor is the line to change.)
import numpy as np
import torch
from torch import nn
from torch.distributions.normal import Normal
from torch.export import Dim


def layer_init(layer, std=np.sqrt(2), bias_const=0.0):
    torch.nn.init.orthogonal_(layer.weight, std)
    torch.nn.init.constant_(layer.bias, bias_const)
    return layer


class Model(nn.Module):
    def __init__(self, obs_dim=6, act_dim=2):
        super().__init__()
        self.critic = nn.Sequential(layer_init(nn.Linear(obs_dim, 16)), nn.Tanh(), layer_init(nn.Linear(16, 1), std=1.0))
        self.actor_mean = nn.Sequential(layer_init(nn.Linear(obs_dim, 16)), nn.Tanh(), layer_init(nn.Linear(16, act_dim), std=0.01))
        self.actor_logstd = nn.Parameter(torch.zeros(1, act_dim))

    def forward(self, x, action):
        action_mean = self.actor_mean(x)
        action_logstd = self.actor_logstd.expand_as(action_mean)
        action_std = torch.exp(action_logstd)
        probs = Normal(action_mean, action_std)  # expect: NONE-distribution-validate-args
        return probs.log_prob(action).sum(1), probs.entropy().sum(1), self.critic(x)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(4, 6), torch.randn(4, 2)),
    (torch.randn(7, 6), torch.randn(7, 2)),
    (torch.randn(2, 6), torch.randn(2, 2)),
]
dynamic_shapes = ({0: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
