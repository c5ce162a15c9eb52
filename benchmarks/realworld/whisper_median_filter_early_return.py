# Source: huggingface/transformers src/transformers/models/whisper/generation_whisper.py
#   (_median_filter, read through the code search): `pad_width = filter_width // 2`,
#   `if inputs.shape[-1] <= pad_width: return inputs`, reflect pad, then
#   `inputs.unfold(-1, filter_width, 1).sort()[0][..., pad_width]`.
# What fails: the early return tests the dynamic length: traced on a long input, short inputs
#   fail the guard and the ONNX model is wrong on them.
import torch
from torch import nn
from torch.export import Dim


def median_filter(inputs, filter_width):
    if filter_width <= 0 or filter_width % 2 != 1:
        raise ValueError("`filter_width` should be an odd number")
    pad_width = filter_width // 2
    if inputs.shape[-1] <= pad_width:  # expect: EXL102
        return inputs
    inputs = nn.functional.pad(inputs, (pad_width, pad_width, 0, 0), mode="reflect")
    return inputs.unfold(-1, filter_width, 1).sort()[0][..., pad_width]


class Model(nn.Module):
    def __init__(self, filter_width=7):
        super().__init__()
        self.filter_width = filter_width

    def forward(self, weights):
        return median_filter(weights, self.filter_width) * 2.0


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 3, 10),),
    (torch.randn(3, 3, 2),),
    (torch.randn(2, 3, 13),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC},)
