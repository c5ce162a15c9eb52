import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Whisper-style median filter over time: windows with unfold, then the median.

    Tensor.median(dim) exports, but torch.onnx has no translation for aten.median.
    """

    def __init__(self, width=3):
        super().__init__()
        self.width = width

    def forward(self, weights):
        pad = self.width // 2
        padded = torch.nn.functional.pad(weights, (pad, pad), mode="reflect")
        windows = padded.unfold(-1, self.width, 1)
        return windows.sort(dim=-1).values.select(-1, (windows.shape[-1] - 1) // 2)  # expect: EXL404


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 4, 9),),
    (torch.randn(3, 4, 6),),
    (torch.randn(2, 4, 13),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC},)
