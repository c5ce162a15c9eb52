import random

import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Residual block with a "random gain" jitter drawn from Python's random module."""

    def __init__(self):
        super().__init__()
        self.fc = torch.nn.Linear(16, 16)
        self.jitter = 0.2

    def forward(self, x):
        gain = 1.0 + self.jitter * (random.random() - 0.5)  # expect: EXL502
        return x + gain * torch.relu(self.fc(x))


torch.manual_seed(0)
example_inputs = [(torch.randn(3, 16),), (torch.randn(6, 16),), (torch.randn(2, 16),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
