import torch
from torch import nn
from torch.export import Dim

# A ramp over the time axis (a fade-in envelope, normalised coordinates of a feature map):
# `torch.linspace(..., steps=frames)` takes the number of steps as a Python int, so export
# bakes the traced number of frames.


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.proj = nn.Linear(6, 6)

    def forward(self, frames):
        # frames: (batch, time, 6)
        count = frames.shape[1]
        envelope = 0.25 + torch.arange(count, dtype=torch.get_default_dtype()) * ((1.0 - 0.25) / torch.sym_max(count - 1, 1))  # expect: EXL301
        return self.proj(frames) * envelope[None, :, None]


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 9, 6),),
    (torch.randn(1, 4, 6),),
    (torch.randn(3, 13, 6),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
