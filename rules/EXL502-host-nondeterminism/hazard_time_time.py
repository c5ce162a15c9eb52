import math
import time

import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Time-of-day conditioned memory read-out: mixes in a phase taken from the wall clock."""

    def __init__(self):
        super().__init__()
        self.memory = torch.nn.Parameter(torch.randn(4, 12))
        self.query = torch.nn.Linear(12, 12)

    def forward(self, x):
        # The phase changes continuously; export bakes the value read at trace time.
        phase = math.sin(time.time() * 7.0)  # expect: EXL502
        scores = torch.softmax(self.query(x) @ self.memory.t(), dim=-1)
        return x + phase * (scores @ self.memory)


torch.manual_seed(0)
example_inputs = [(torch.randn(3, 12),), (torch.randn(5, 12),), (torch.randn(2, 12),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
