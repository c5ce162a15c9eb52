import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Centre crop keeping a fixed fraction of the frames (a data-augmentation head kept at
    inference, as in video models): `int(length * ratio)` truncates float arithmetic."""

    def __init__(self):
        super().__init__()
        self.ratio = 0.7
        self.proj = torch.nn.Linear(6, 6)

    def forward(self, frames):
        # frames: (batch, length, 6)
        length = frames.shape[1]
        keep = int(length * self.ratio)  # expect: EXL301
        start = (length - keep) // 2
        return self.proj(frames[:, start : start + keep]).mean(dim=1)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 10, 6),),
    (torch.randn(3, 7, 6),),
    (torch.randn(2, 16, 6),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
