import torch
from torch.export import Dim

MAX_FRAMES = 7


class Model(torch.nn.Module):
    """An encoder that truncates its input to a maximum number of frames, the test written
    the other way round (`> max` picks the crop) and the size read with `.shape`."""

    def __init__(self, dim=4):
        super().__init__()
        self.proj = torch.nn.Linear(dim, dim)

    def forward(self, frames):
        frames = frames.index_select(
            1,
            torch.arange(
                torch.sym_min(frames.size(1), MAX_FRAMES), device=frames.device
            ),
        )  # expect: EXL102
        return self.proj(frames).mean(dim=1)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 10, 4),),
    (torch.randn(3, 5, 4),),
    (torch.randn(2, 7, 4),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim("frames", min=2, max=64)},)
