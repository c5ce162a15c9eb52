import torch
import torch.nn.functional as F
from torch.export import Dim


class Model(torch.nn.Module):
    """Pad a frame sequence to a whole number of patches, then embed each patch.

    `-(-n // p)` (ceil division by negation) exports, but torch.onnx divides the negative
    size truncating toward zero: the ONNX model pads to one patch fewer.
    """

    def __init__(self):
        super().__init__()
        self.patch = 4
        self.embed = torch.nn.Linear(4 * 6, 8)

    def forward(self, frames):
        # frames: (batch, time, 6)
        length = frames.shape[1]
        patches = (length + self.patch - 1) // self.patch  # expect: EXL302
        padded = F.pad(frames, (0, 0, 0, patches * self.patch - length))
        grouped = padded.reshape(frames.shape[0], patches, self.patch * 6)
        return self.embed(grouped)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 10, 6),),
    (torch.randn(3, 13, 6),),
    (torch.randn(2, 7, 6),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
