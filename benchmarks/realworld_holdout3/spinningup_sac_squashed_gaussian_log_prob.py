# Source: openai/spinningup spinup/algos/pytorch/sac/core.py (SquashedGaussianMLPActor.forward,
#   paraphrased): `net_out = self.net(obs)`, `mu = self.mu_layer(net_out)`, `log_std =
#   self.log_std_layer(net_out)`, `log_std = torch.clamp(log_std, LOG_STD_MIN, LOG_STD_MAX)`, `std =
#   torch.exp(log_std)`, `pi_distribution = Normal(mu, std)`, `if deterministic: pi_action = mu
#   else: pi_action = pi_distribution.rsample()`, `if with_logprob: logp_pi =
#   pi_distribution.log_prob(pi_action).sum(axis=-1); logp_pi -= (2*(np.log(2) - pi_action -
#   F.softplus(-2*pi_action))).sum(axis=1)`, `pi_action = torch.tanh(pi_action)`, `pi_action =
#   self.act_limit * pi_action`, `return pi_action, logp_pi` (exported with deterministic=True,
#   with_logprob=True).
# What fails: `Normal(mu, std)` validates its arguments (the default): the constructor runs
#   `if not constraint.check(value).all(): raise ValueError(...)` on the network's outputs, a
#   Python test of tensor values.
import numpy as np
import torch
import torch.nn.functional as F
from torch import nn
from torch.distributions.normal import Normal
from torch.export import Dim

LOG_STD_MAX = 2
LOG_STD_MIN = -20


class Model(nn.Module):
    def __init__(self, obs_dim=5, act_dim=2, hidden=16, act_limit=2.0):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(obs_dim, hidden), nn.ReLU(), nn.Linear(hidden, hidden), nn.ReLU())
        self.mu_layer = nn.Linear(hidden, act_dim)
        self.log_std_layer = nn.Linear(hidden, act_dim)
        self.act_limit = act_limit

    def forward(self, obs, deterministic=True, with_logprob=True):
        net_out = self.net(obs)
        mu = self.mu_layer(net_out)
        log_std = self.log_std_layer(net_out)
        log_std = torch.clamp(log_std, LOG_STD_MIN, LOG_STD_MAX)
        std = torch.exp(log_std)
        pi_distribution = Normal(mu, std)  # expect: EXL101
        if deterministic:
            pi_action = mu
        else:
            pi_action = pi_distribution.rsample()
        if with_logprob:
            logp_pi = pi_distribution.log_prob(pi_action).sum(axis=-1)
            logp_pi -= (2 * (np.log(2) - pi_action - F.softplus(-2 * pi_action))).sum(axis=1)
        else:
            logp_pi = None
        pi_action = torch.tanh(pi_action)
        pi_action = self.act_limit * pi_action
        return pi_action, logp_pi


torch.manual_seed(0)
example_inputs = [(torch.randn(4, 5),), (torch.randn(9, 5),), (torch.randn(2, 5),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
