import torch
from torch import nn
from torch.export import Dim

# The look-alike: the number of steps is a configured constant (a fixed bank of frequency
# bins), not a size of the input: nothing is baked that the input could change.


class Model(nn.Module):
    def __init__(self, bins=6):
        super().__init__()
        self.bins = bins
        self.proj = nn.Linear(6, 6)

    def forward(self, frames):
        # frames: (batch, time, 6)
        weights = torch.linspace(0.25, 1.0, steps=self.bins)
        return self.proj(frames) * weights


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 9, 6),),
    (torch.randn(1, 4, 6),),
    (torch.randn(3, 13, 6),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
