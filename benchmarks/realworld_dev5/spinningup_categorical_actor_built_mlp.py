# Source: openai/spinningup spinup/algos/pytorch/ppo/core.py (`mlp(sizes, activation)` builds
#   the network; `MLPCategoricalActor._distribution`: `logits = self.logits_net(obs)`,
#   `return Categorical(logits=logits)`; `_log_prob_from_distribution`: `pi.log_prob(act)`).
# What fails: Categorical validates its logits with a Python `if` on tensor data:
#   GuardOnDataDependentSymNode.
import torch
from torch import nn
from torch.distributions.categorical import Categorical
from torch.export import Dim


def mlp(sizes, activation=nn.Tanh, output_activation=nn.Identity):
    layers = []
    for j in range(len(sizes) - 1):
        act = activation if j < len(sizes) - 2 else output_activation
        layers += [nn.Linear(sizes[j], sizes[j + 1]), act()]
    return nn.Sequential(*layers)


class Model(nn.Module):
    def __init__(self, obs_dim=6, act_dim=4):
        super().__init__()
        self.logits_net = mlp([obs_dim, 16, act_dim])

    def _distribution(self, obs):
        logits = self.logits_net(obs)
        return Categorical(logits=logits)  # expect: EXL101

    def forward(self, obs, act):
        pi = self._distribution(obs)
        return pi.log_prob(act)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(5, 6), torch.randint(0, 4, (5,))),
    (torch.randn(8, 6), torch.randint(0, 4, (8,))),
    (torch.randn(3, 6), torch.randint(0, 4, (3,))),
]
dynamic_shapes = ({0: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
