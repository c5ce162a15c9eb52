# Source: openai/whisper whisper/audio.py (pad_or_trim, the torch branch; read through the code
#   search in its copies): `if array.shape[axis] > length: array = array.index_select(dim=axis,
#   index=torch.arange(length))` and `if array.shape[axis] < length: pad_widths = ...;
#   array = F.pad(array, [pad for sizes in pad_widths[::-1] for pad in sizes])`.
# What fails: both `if`s test the dynamic length against the target: export keeps the branch
#   of the traced length; other lengths fail the guard or are wrong in ONNX.
import torch
from torch import nn
from torch.nn import functional as F
from torch.export import Dim


def pad_or_trim(array, length=12, *, axis=-1):
    if array.shape[axis] > length:  # expect: EXL102
        array = array.index_select(dim=axis, index=torch.arange(length))
    if array.shape[axis] < length:  # expect: EXL102
        pad_widths = [(0, 0)] * array.ndim
        pad_widths[axis] = (0, length - array.shape[axis])
        array = F.pad(array, [pad for sizes in pad_widths[::-1] for pad in sizes])
    return array


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv1d(4, 4, 3, padding=1)

    def forward(self, mel):
        return self.conv(pad_or_trim(mel))


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 4, 9),), (torch.randn(3, 4, 16),), (torch.randn(2, 4, 5),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC},)
