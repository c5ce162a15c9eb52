import torch
import torch.nn as nn
from torch.export import Dim


class FixedCategorical(torch.distributions.Categorical):
    """`mode` here is the project's own method (an argmax), not `Tensor.mode`."""

    def mode(self):
        return self.probs.argmax(dim=-1, keepdim=True)


class CategoricalHead(nn.Module):
    def __init__(self, num_inputs, num_outputs):
        super().__init__()
        self.linear = nn.Linear(num_inputs, num_outputs)

    def forward(self, x):
        return FixedCategorical(logits=self.linear(x), validate_args=False)


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.base = nn.Linear(8, 16)
        self.dist = CategoricalHead(16, 4)

    def forward(self, obs):
        dist = self.dist(torch.relu(self.base(obs)))
        action = dist.mode()
        return action, dist.logits


torch.manual_seed(0)
example_inputs = [(torch.randn(4, 8),), (torch.randn(7, 8),), (torch.randn(2, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
