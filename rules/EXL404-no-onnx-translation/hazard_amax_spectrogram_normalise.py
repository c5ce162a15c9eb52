import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Log-magnitude features normalised by the loudest bin of the batch.

    `amax()` without `dim` (a reduction over every axis) exports, but torch.onnx fails to
    convert it.
    """

    def __init__(self):
        super().__init__()
        self.proj = torch.nn.Linear(8, 4)

    def forward(self, spec):
        # spec: (batch, frames, 8)
        mag = spec.abs() + 1e-3
        peak = mag.amax()  # expect: EXL404
        return self.proj(torch.log(mag / peak))


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 6, 8),),
    (torch.randn(3, 11, 8),),
    (torch.randn(2, 4, 8),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
