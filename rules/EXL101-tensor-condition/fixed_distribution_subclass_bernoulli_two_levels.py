import torch
from torch import nn
from torch.distributions import Bernoulli
from torch.export import Dim


class PolicyBernoulli(Bernoulli):
    def mode(self):
        return torch.gt(self.probs, 0.5).float()


class FixedBernoulli(PolicyBernoulli):
    """Two project classes deep: still a Bernoulli, validation included (asked for)."""

    def entropy(self):
        return super().entropy().sum(-1)


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(8, 5)

    def forward(self, x):
        dist = FixedBernoulli(logits=self.linear(x), validate_args=False)  # expect: EXL101
        return dist.mode(), dist.entropy()


torch.manual_seed(0)
example_inputs = [(torch.randn(4, 8),), (torch.randn(7, 8),), (torch.randn(2, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
