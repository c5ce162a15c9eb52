import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Histogram of activations for a calibration statistic: `torch.histc(x, bins)` without a
    range reads min and max from the data; torch.onnx has no translation for that form."""

    def forward(self, activations):
        counts = torch.histc(activations.flatten(), bins=8)  # expect: EXL404
        return counts / activations.numel()


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 6),), (torch.randn(3, 9),), (torch.randn(4, 5),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
