import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Feature-pyramid upsampling by a constant factor: `scale_factor=2.0` is a Python float
    that does not depend on the input size."""

    def __init__(self):
        super().__init__()
        self.lateral = torch.nn.Conv2d(4, 4, 1)
        self.factor = 2.0

    def forward(self, coarse, fine):
        up = torch.nn.functional.interpolate(coarse, scale_factor=self.factor, mode="nearest")
        return self.lateral(fine) + up


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 4, 5, 6), torch.randn(2, 4, 10, 12)),
    (torch.randn(3, 4, 3, 7), torch.randn(3, 4, 6, 14)),
    (torch.randn(2, 4, 8, 4), torch.randn(2, 4, 16, 8)),
]
_h, _w = Dim("h"), Dim("w")
dynamic_shapes = ({0: Dim.DYNAMIC, 2: _h, 3: _w}, {0: Dim.DYNAMIC, 2: 2 * _h, 3: 2 * _w})
