import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Channels-last features moved to channels-first: a bias-only path when the features
    are small, a convolution otherwise. `x.movedim(-1, 1) + bias` keeps the channels-last
    strides; the convolution's output is contiguous."""

    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv1d(6, 6, 3, padding=1)
        self.bias = torch.nn.Parameter(torch.zeros(6, 1))

    def forward(self, x):
        # x: (batch, length, channels=6)
        if x.abs().mean() < 0.5:  # expect: EXL101
            return x.movedim(-1, 1) + self.bias
        return self.conv(x.movedim(-1, 1))


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 9, 6),),
    (torch.randn(3, 5, 6) * 0.1,),
    (torch.randn(4, 12, 6),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
