import torch
import torch.nn as nn
from torch.export import Dim


class FixedCategorical(torch.distributions.Categorical):
    """The a2c/ppo policy's categorical: a project subclass adding `mode` and `log_probs`.
    It validates its arguments exactly like its base."""

    def mode(self):
        return self.probs.argmax(dim=-1, keepdim=True)

    def log_probs(self, actions):
        return super().log_prob(actions.squeeze(-1)).unsqueeze(-1)


class Categorical(nn.Module):
    """The action head (named like the distribution: it is a module, not one)."""

    def __init__(self, num_inputs, num_outputs):
        super().__init__()
        self.linear = nn.Linear(num_inputs, num_outputs)

    def forward(self, x):
        x = self.linear(x)
        return FixedCategorical(logits=x)  # expect: EXL101


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.base = nn.Linear(8, 16)
        self.dist = Categorical(16, 4)

    def forward(self, obs):
        features = torch.tanh(self.base(obs))
        dist = self.dist(features)
        return dist.mode()


torch.manual_seed(0)
example_inputs = [(torch.randn(4, 8),), (torch.randn(7, 8),), (torch.randn(2, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
