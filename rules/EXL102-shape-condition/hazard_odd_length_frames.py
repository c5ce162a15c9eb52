import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Frame-stacking front end (as in streaming ASR): pairs of frames are concatenated."""

    def __init__(self):
        super().__init__()
        self.proj = torch.nn.Linear(2 * 6, 10)

    def forward(self, frames):
        # frames: (batch, time, 6)
        b, t, d = frames.shape
        is_even = t % 2 == 0
        if not is_even:  # expect: EXL102
            frames = frames[:, :-1]
        stacked = frames.reshape(b, -1, 2 * d)
        return self.proj(stacked)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 9, 6),),
    (torch.randn(3, 12, 6),),
    (torch.randn(2, 15, 6),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
