import numpy as np
import torch
from torch import nn
from torch.export import Dim


class SampledKeys(nn.Module):
    """A sparse-attention variant that keeps `ceil(log1p(L))` keys per query, the count
    computed with numpy's log1p and `.astype(int).item()` on the key length."""

    def forward(self, q, k):
        L = k.shape[1]
        log_L = np.ceil(np.log1p(L)).astype(int).item()  # expect: EXL301
        scores = q @ k.transpose(1, 2)
        kept = scores.topk(log_L, dim=-1).values
        return kept.softmax(-1).sum(-1)


Model = SampledKeys
torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 5, 8), torch.randn(2, 24, 8)),
    (torch.randn(3, 7, 8), torch.randn(3, 40, 8)),
    (torch.randn(1, 2, 8), torch.randn(1, 9, 8)),
]
dynamic_shapes = (
    {0: Dim("b"), 1: Dim.DYNAMIC},
    {0: Dim("b"), 1: Dim("l", min=2, max=512)},
)
