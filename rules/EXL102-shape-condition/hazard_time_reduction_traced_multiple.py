import torch
from torch import nn
from torch.export import Dim


class TimeReduction(nn.Module):
    """Time reduction of an RNN-T transcriber (torchaudio's `_TimeReduction`): the frames are
    cut to a multiple of the stride, then `stride` frames are stacked into one. Traced at 16
    frames, a multiple of 4: the cut equals the axis and export guards on it, so the program
    refuses every length that is not a multiple of 4 (14 and 19 below)."""

    def __init__(self, stride: int) -> None:
        super().__init__()
        self.stride = stride

    def forward(self, input, lengths):
        B, T, D = input.shape
        num_frames = T - (T % self.stride)
        input = input[:, :num_frames, :]  # expect: EXL102
        lengths = lengths.div(self.stride, rounding_mode="trunc")
        T_max = num_frames // self.stride
        output = input.reshape(B, T_max, D * self.stride)
        return output.contiguous(), lengths


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.reduce = TimeReduction(stride=4)
        self.proj = nn.Linear(4 * 5, 6)

    def forward(self, feats, lengths):
        stacked, lengths = self.reduce(feats, lengths)
        return self.proj(stacked), lengths


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 16, 5), torch.tensor([16, 12])),
    (torch.randn(3, 14, 5), torch.tensor([14, 9, 11])),
    (torch.randn(2, 19, 5), torch.tensor([19, 17])),
]
dynamic_shapes = ({0: Dim("b"), 1: Dim.DYNAMIC}, {0: Dim("b")})
