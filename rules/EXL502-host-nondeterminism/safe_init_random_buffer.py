import random

import numpy as np
import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Random-feature projection: all the randomness happens once, seeded, in __init__."""

    def __init__(self):
        super().__init__()
        rng = np.random.default_rng(0)
        omega = rng.standard_normal((6, 32)).astype(np.float32)
        self.register_buffer("omega", torch.from_numpy(omega))
        self.phase_shift = random.Random(0).random()
        self.out = torch.nn.Linear(32, 3)

    def forward(self, x):
        features = torch.cos(x @ self.omega + self.phase_shift) * (2.0 / 32) ** 0.5
        return self.out(features)


torch.manual_seed(0)
example_inputs = [(torch.randn(4, 6),), (torch.randn(9, 6),), (torch.randn(2, 6),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
