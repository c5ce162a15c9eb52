from random import uniform

import torch
import torch.nn.functional as F
from torch.export import Dim


class Model(torch.nn.Module):
    """Sampling head with temperature jitter, using a name imported from `random`."""

    def __init__(self):
        super().__init__()
        self.lm_head = torch.nn.Linear(16, 30)
        self.base_temperature = 0.8

    def _temperature(self):
        return self.base_temperature * uniform(0.9, 1.1)  # expect: EXL502

    def forward(self, hidden):
        logits = self.lm_head(hidden)
        return F.softmax(logits / self._temperature(), dim=-1)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 5, 16),), (torch.randn(3, 8, 16),), (torch.randn(4, 3, 16),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
