import math

import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Look-alikes of a list repeated by a size: a list repeated a constant number of times,
    `math.prod` of a shape (Python multiplies the symbolic sizes) and `max` of two integer
    sizes (symbolic) all export and match eager."""

    def forward(self, feats):
        gains = torch.tensor([0.5] * 3)
        flat = feats.reshape(feats.shape[0], math.prod(feats.shape[1:]))
        longest = max(feats.shape[1], feats.shape[2])
        return flat * gains.sum() + torch.arange(longest).sum()


torch.manual_seed(0)
example_inputs = [(torch.randn(3, 4, 5),), (torch.randn(5, 2, 7),), (torch.randn(2, 6, 3),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC, 2: Dim.DYNAMIC},)
