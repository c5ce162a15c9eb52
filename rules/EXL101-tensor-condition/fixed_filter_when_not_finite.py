import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    """Score-weighted centre of a set of points that drops the points with a non-finite
    coordinate, filtering only when there is one (as detection post-processing does): the
    test reads tensor data, which torch.export cannot decide."""

    def __init__(self, dim=2):
        super().__init__()
        self.score = nn.Linear(dim, 1)

    def forward(self, points):
        finite = torch.isfinite(points).all(dim=1)
        points = points[finite]  # expect: EXL101
        weights = self.score(points).squeeze(-1).softmax(0)
        return (points * weights[:, None]).sum(0)


def _points(n, bad):
    points = torch.randn(n, 2)
    points[bad] = float("inf")
    return (points,)


torch.manual_seed(0)
example_inputs = [_points(9, [2]), _points(6, []), _points(12, [0, 5])]
dynamic_shapes = ({0: Dim.DYNAMIC},)
