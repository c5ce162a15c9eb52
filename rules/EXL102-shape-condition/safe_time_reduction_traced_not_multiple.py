import torch
from torch import nn
from torch.export import Dim


class TimeReduction(nn.Module):
    """The RNN-T time reduction of `hazard_time_reduction_traced_multiple.py`, traced at 18
    frames, not a multiple of 4. Export guards on that (`T % 4 != 0`): the program refuses
    multiples of 4 but is right on every other length (measured on 2.13: 13, 15, 18, 23 in
    ep.module() and onnxruntime), and the file runs it only on such lengths. Silent: the
    example decides the hazard, and it does not fail here."""

    def __init__(self, stride: int = 4) -> None:
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
    def __init__(self):
        super().__init__()
        self.reduce = TimeReduction()
        self.proj = nn.Linear(4 * 5, 6)

    def forward(self, feats, lengths):
        stacked, lengths = self.reduce(feats, lengths)
        return self.proj(stacked), lengths


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 18, 5), torch.tensor([18, 12])),
    (torch.randn(3, 13, 5), torch.tensor([13, 9, 11])),
    (torch.randn(2, 23, 5), torch.tensor([23, 17])),
    (torch.randn(1, 15, 5), torch.tensor([15])),
]
dynamic_shapes = ({0: Dim("b"), 1: Dim.DYNAMIC}, {0: Dim("b")})
