import math
import time

import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Recency-weighted memory: read-out decays with the wall-clock age of the memory."""

    def __init__(self):
        super().__init__()
        self.created_at = time.time()
        self.half_life = 30.0
        self.memory = torch.nn.Parameter(torch.randn(4, 12))
        self.query = torch.nn.Linear(12, 12)

    def forward(self, x):
        age = time.time() - self.created_at  # expect: EXL502
        decay = math.exp(-age / self.half_life)
        scores = torch.softmax(self.query(x) @ self.memory.t(), dim=-1)
        return x + decay * (scores @ self.memory)


torch.manual_seed(0)
example_inputs = [(torch.randn(3, 12),), (torch.randn(5, 12),), (torch.randn(2, 12),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
