# Source: pytorch/audio src/torchaudio/models/rnnt.py (_TimeReduction.forward, paraphrased): `B,
#   T, D = input.shape`, `num_frames = T - (T % self.stride)`, `input = input[:, :num_frames, :]`,
#   `lengths = lengths.div(self.stride, rounding_mode="trunc")`, `T_max = num_frames //
#   self.stride`, `output = input.reshape(B, T_max, D * self.stride)`, `output =
#   output.contiguous()`, `return output, lengths`.
# Look-alike: a remainder of the dynamic length and a slice/reshape by it, but as integer
#   arithmetic on the symbolic size (no `if`), and the lengths are divided as a tensor: exports
#   and matches eager on lengths of every remainder. (Traced at a length that is not a multiple
#   of the stride; see torchaudio_rnnt_time_reduction_traced_at_multiple.py for the other case.)
import torch
from torch import nn
from torch.export import Dim


class _TimeReduction(nn.Module):
    def __init__(self, stride):
        super().__init__()
        self.stride = stride

    def forward(self, input, lengths):
        B, T, D = input.shape
        num_frames = T - (T % self.stride)
        input = input[:, :num_frames, :]
        lengths = lengths.div(self.stride, rounding_mode="trunc")
        T_max = num_frames // self.stride
        output = input.reshape(B, T_max, D * self.stride)
        return output.contiguous(), lengths


class Model(nn.Module):
    def __init__(self, dim=4, stride=3):
        super().__init__()
        self.reduce = _TimeReduction(stride)
        self.proj = nn.Linear(dim * stride, dim)

    def forward(self, input, lengths):
        out, lengths = self.reduce(input, lengths)
        return self.proj(out), lengths


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 14, 4), torch.tensor([14, 8])),
    (torch.randn(3, 14, 4), torch.tensor([14, 10, 5])),
    (torch.randn(1, 7, 4), torch.tensor([7])),
]
b = Dim("b")
dynamic_shapes = ({0: b, 1: Dim.DYNAMIC}, {0: b})
