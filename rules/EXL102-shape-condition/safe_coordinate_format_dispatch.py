import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Box refinement that takes reference points as (x, y) centres or (x, y, w, h) boxes and
    rejects anything else. The last axis is a format, 2 or 4, never a length: a chain of `==`
    tests that ends in `raise` lists the only sizes accepted."""

    def __init__(self):
        super().__init__()
        self.delta = torch.nn.Linear(8, 4)

    def forward(self, hidden, reference_points):
        delta = self.delta(hidden)
        if reference_points.shape[-1] == 4:
            boxes = delta + reference_points
        elif reference_points.shape[-1] == 2:
            boxes = torch.cat([delta[..., :2] + reference_points, delta[..., 2:]], dim=-1)
        else:
            raise ValueError(f"reference points of size {reference_points.shape[-1]}")
        return boxes.sigmoid()


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 5, 8), torch.rand(2, 5, 2)),
    (torch.randn(3, 9, 8), torch.rand(3, 9, 2)),
    (torch.randn(1, 2, 8), torch.rand(1, 2, 2)),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC}, {0: Dim.DYNAMIC, 1: Dim.DYNAMIC})
