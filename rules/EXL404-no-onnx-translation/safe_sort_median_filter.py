import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Median filter written with sort and a fixed middle index (ONNX TopK/Gather)."""

    def __init__(self, width=3):
        super().__init__()
        self.width = width

    def forward(self, weights):
        pad = self.width // 2
        padded = torch.nn.functional.pad(weights, (pad, pad), mode="reflect")
        windows = padded.unfold(-1, self.width, 1)
        return torch.sort(windows, dim=-1).values[..., (self.width - 1) // 2]


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 4, 9),),
    (torch.randn(3, 4, 6),),
    (torch.randn(2, 4, 13),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC},)
