import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Masked attention pooling that refuses a row whose mask is all False (the softmax would
    be NaN). The `mask is not None` part is Python; the row test reads tensor data."""

    def __init__(self):
        super().__init__()
        self.score = torch.nn.Linear(8, 1)

    def forward(self, x, mask=None):
        scores = self.score(x).squeeze(-1)
        if mask is not None and (mask.sum(-1) == 0).any():  # expect: EXL101
            raise ValueError("every row needs at least one unmasked position")
        if mask is not None:
            scores = scores.masked_fill(~mask, float("-inf"))
        weights = scores.softmax(-1)
        return (weights[..., None] * x).sum(1)


def _inputs(batch, length):
    mask = torch.ones(batch, length, dtype=torch.bool)
    mask[0, length // 2 :] = False
    return (torch.randn(batch, length, 8), mask)


torch.manual_seed(0)
example_inputs = [_inputs(2, 5), _inputs(3, 7), _inputs(4, 6)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC}, {0: Dim.DYNAMIC, 1: Dim.DYNAMIC})
