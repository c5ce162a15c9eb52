# Source: ikostrikov/pytorch-a2c-ppo-acktr-gail a2c_ppo_acktr/distributions.py (FixedCategorical
#   and Categorical, paraphrased): `class FixedCategorical(torch.distributions.Categorical): def
#   sample(self): return super().sample().unsqueeze(-1); def log_probs(self, actions): return
#   super().log_prob(actions.squeeze(-1)).view(actions.size(0), -1).sum(-1).unsqueeze(-1); def
#   mode(self): return self.probs.argmax(dim=-1, keepdim=True)`, and `class Categorical(nn.Module):
#   ... def forward(self, x): x = self.linear(x); return FixedCategorical(logits=x)`; the policy
#   calls `dist.mode()`, `dist.log_probs(action)` and `dist.entropy().mean()`.
# What fails: torch.distributions validates its arguments by default: building the
#   distribution checks the logits (and `log_prob` the action) with Python tests on tensor
#   values, which export cannot trace.
import torch
from torch import nn
from torch.export import Dim


class FixedCategorical(torch.distributions.Categorical):
    def log_probs(self, actions):
        return super().log_prob(actions.squeeze(-1)).view(actions.size(0), -1).sum(-1).unsqueeze(-1)

    def mode(self):
        return self.probs.argmax(dim=-1, keepdim=True)


class CategoricalHead(nn.Module):
    def __init__(self, num_inputs, num_outputs):
        super().__init__()
        self.linear = nn.Linear(num_inputs, num_outputs)

    def forward(self, x):
        return FixedCategorical(logits=self.linear(x))  # expect: NONE-distribution-validate-args


class Model(nn.Module):
    def __init__(self, obs=6, hidden=8, actions=4):
        super().__init__()
        self.base = nn.Sequential(nn.Linear(obs, hidden), nn.Tanh())
        self.critic = nn.Linear(hidden, 1)
        self.dist = CategoricalHead(hidden, actions)

    def forward(self, inputs):
        features = self.base(inputs)
        dist = self.dist(features)
        action = dist.mode()
        return self.critic(features), action, dist.log_probs(action), dist.entropy().mean()


torch.manual_seed(0)
example_inputs = [(torch.randn(4, 6),), (torch.randn(7, 6),), (torch.randn(2, 6),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
