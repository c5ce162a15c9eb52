import math

import torch
from torch import nn
from torch.export import Dim


class AutoCorrelation(nn.Module):
    """Autoformer's time-delay aggregation: it keeps `int(factor * ln(length))` delays with
    the largest mean auto-correlation; `math.log` of the length and `int()` bake the count."""

    def __init__(self, factor=1):
        super().__init__()
        self.factor = factor

    def forward(self, values, corr):
        length = values.shape[1]
        top_k = (self.factor * torch.log(torch.tensor(length, dtype=torch.float64))).long().item()  # expect: EXL301, EXL302
        mean_value = corr.mean(-1)
        weights, delay = torch.topk(mean_value, top_k, dim=-1)
        return (weights.softmax(-1)[..., None] * values[:, :top_k]).sum(1)


Model = AutoCorrelation
torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 24, 8), torch.randn(2, 24, 8)),
    (torch.randn(3, 40, 8), torch.randn(3, 40, 8)),
    (torch.randn(1, 13, 8), torch.randn(1, 13, 8)),
]
dynamic_shapes = (
    {0: Dim("b"), 1: Dim("l", min=4, max=512)},
    {0: Dim("b"), 1: Dim("l", min=4, max=512)},
)
