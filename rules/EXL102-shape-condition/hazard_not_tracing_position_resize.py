import torch
import torch.nn.functional as F
from torch.export import Dim


class Model(torch.nn.Module):
    """Position table that is used as is when the sequence has the table's length and resized
    otherwise, skipped "when tracing". torch.jit.is_tracing() is False under torch.export, so
    the size test is traced: export keeps the branch of the example length (5), and the ONNX
model resizes the table on length 8 too."""

    def __init__(self):
        super().__init__()
        self.register_buffer("pos", torch.randn(1, 8, 4))

    def forward(self, x):
        pos = self.pos
        if not torch.jit.is_tracing() and x.shape[1] == pos.shape[1]:  # expect: EXL102
            return x + pos
        resized = F.interpolate(pos.transpose(1, 2), size=x.shape[1], mode="linear")
        return x + 2 * resized.transpose(1, 2)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 5, 4),),
    (torch.randn(3, 8, 4),),
    (torch.randn(2, 12, 4),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
