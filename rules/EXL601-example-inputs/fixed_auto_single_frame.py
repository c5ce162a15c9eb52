import torch
from torch.export import Dim

NUM_FRAMES = 1


class Model(torch.nn.Module):
    """Frame encoder traced on a one-frame clip, the time axis left to Dim.AUTO.

    Export succeeds, but the size-1 example makes it specialise the axis: the program only
    accepts one frame ("Guard failed: clip.size()[1] == 1").
    """

    def __init__(self):
        super().__init__()
        self.embed = torch.nn.Linear(8, 8)

    def forward(self, clip):
        # clip: (batch, frames, 8)
        return self.embed(clip).mean(dim=1)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 2, 8),),  # expect: EXL601
    (torch.randn(3, 5, 8),),
    (torch.randn(2, 9, 8),),
]
dynamic_shapes = ((Dim.AUTO, Dim.AUTO, Dim.STATIC),)
