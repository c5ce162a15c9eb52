import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Masked mean pooling with a shortcut: no bias when every position is valid, else a
    large negative bias on the padded ones. The general branch gives a zero bias when the
    mask is full, so both paths agree."""

    def __init__(self):
        super().__init__()
        self.score = torch.nn.Linear(8, 1)

    def forward(self, x, mask):
        scores = self.score(x).squeeze(-1)
        if mask.all():  # expect: EXL101
            bias = None
        else:
            bias = (~mask).to(scores.dtype) * -1e4
        if bias is not None:
            scores = scores + bias
        weights = scores.softmax(-1)
        return (weights[..., None] * x).sum(1)


def _inputs(batch, length, padded):
    mask = torch.ones(batch, length, dtype=torch.bool)
    if padded:
        mask[-1, -3:] = False
    return (torch.randn(batch, length, 8), mask)


torch.manual_seed(0)
example_inputs = [_inputs(2, 5, True), _inputs(3, 7, False), _inputs(4, 6, True)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC}, {0: Dim.DYNAMIC, 1: Dim.DYNAMIC})
