# Source: huggingface/transformers src/transformers/models/encodec/modeling_encodec.py
#   (EncodecConv1d._pad1d): `max_pad = max(padding_left, padding_right)`, `extra_pad = 0`,
#   `if length <= max_pad: extra_pad = max_pad - length + 1; pad(...)`, reflect padding,
#   then `padded[..., :end]`.
# What fails: the `if` tests the dynamic length: traced on a long input, short inputs fail
#   the guard (and the ONNX model is wrong on them).
import torch
from torch import nn
from torch.export import Dim


class Conv1d(nn.Module):
    def __init__(self, channels=2, kernel_size=7):
        super().__init__()
        self.conv = nn.Conv1d(channels, channels, kernel_size)
        self.paddings = (kernel_size - 1, 0)

    @staticmethod
    def _pad1d(hidden_states, paddings, mode="reflect", value=0.0):
        length = hidden_states.shape[-1]
        padding_left, padding_right = paddings
        if mode != "reflect":
            return nn.functional.pad(hidden_states, paddings, mode, value)
        max_pad = max(padding_left, padding_right)
        extra_pad = 0
        if length <= max_pad:  # expect: EXL102
            extra_pad = max_pad - length + 1
            hidden_states = nn.functional.pad(hidden_states, (0, extra_pad))
        padded = nn.functional.pad(hidden_states, paddings, mode, value)
        end = padded.shape[-1] - extra_pad
        return padded[..., :end]

    def forward(self, hidden_states):
        return self.conv(self._pad1d(hidden_states, self.paddings))


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = Conv1d()

    def forward(self, audio):
        return self.conv(audio)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 2, 12),), (torch.randn(3, 2, 4),), (torch.randn(2, 2, 9),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC},)
