import math

import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Pointer scorer whose softmax temperature grows with the number of candidates.

    math.exp(n / 10) on a dynamic size exports with a guard that pins the
    traced size: other sizes are rejected.
    """

    def __init__(self):
        super().__init__()
        self.query = torch.nn.Parameter(torch.randn(8))
        self.key = torch.nn.Linear(8, 8)

    def forward(self, candidates):
        # candidates: (num_candidates, 8)
        n = candidates.shape[0]
        logits = self.key(candidates) @ self.query
        temperature = torch.exp(torch.tensor(n / 10, dtype=torch.float64))  # expect: EXL302
        return (logits / temperature).softmax(dim=0)


torch.manual_seed(0)
example_inputs = [(torch.randn(6, 8),), (torch.randn(9, 8),), (torch.randn(13, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
