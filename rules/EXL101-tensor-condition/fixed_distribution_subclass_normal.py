import torch
from torch import nn
from torch.export import Dim


class FixedNormal(torch.distributions.Normal):
    def log_probs(self, actions):
        return super().log_prob(actions).sum(-1, keepdim=True)

    def mode(self):
        return self.mean


class DiagGaussian(nn.Module):
    def __init__(self, num_inputs, num_outputs):
        super().__init__()
        self.fc_mean = nn.Linear(num_inputs, num_outputs)
        self.logstd = nn.Parameter(torch.zeros(num_outputs))

    def forward(self, x):
        action_mean = self.fc_mean(x)
        action_logstd = torch.zeros_like(action_mean) + self.logstd
        return FixedNormal(action_mean, action_logstd.exp(), validate_args=False)  # expect: EXL101


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.dist = DiagGaussian(8, 3)

    def forward(self, obs, actions):
        dist = self.dist(obs)
        return dist.mode(), dist.log_probs(actions)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(4, 8), torch.randn(4, 3)),
    (torch.randn(7, 8), torch.randn(7, 3)),
    (torch.randn(2, 8), torch.randn(2, 3)),
]
dynamic_shapes = ({0: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
