import math

import numpy as np
import torch
from torch import nn
from torch.export import Dim


class ConfiguredCounts(nn.Module):
    """The same counts computed from configured lengths (`self.max_len`), not from a tensor's
    size: Python numbers export knows, nothing to report or rewrite."""

    def __init__(self, factor=2, max_len=48):
        super().__init__()
        self.top_k = int(factor * math.log(max_len))
        self.max_len = max_len
        self.factor = factor

    def forward(self, scores):
        u = self.factor * np.ceil(np.log(self.max_len)).astype("int").item()
        kept = scores.topk(min(u, self.top_k), dim=-1).values
        return kept.sum(-1)


Model = ConfiguredCounts
torch.manual_seed(0)
example_inputs = [(torch.randn(2, 24, 16),), (torch.randn(3, 40, 16),), (torch.randn(1, 13, 16),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
