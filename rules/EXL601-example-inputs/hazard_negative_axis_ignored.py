import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Mean over time of projected frames. The spec counts the time axis from the end: torch
    export silently ignores negative axes, so time stays static at 6 ("Guard failed:
    frames.size()[1] == 6" on other lengths, and a fixed length in ONNX)."""

    def __init__(self):
        super().__init__()
        self.proj = torch.nn.Linear(8, 8)

    def forward(self, frames):
        # frames: (batch, time, 8)
        return self.proj(frames).mean(dim=1)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 6, 8),),
    (torch.randn(3, 10, 8),),
    (torch.randn(4, 3, 8),),
]
dynamic_shapes = (
    {
        0: Dim.DYNAMIC,
        -2: Dim.DYNAMIC,  # expect: EXL601
    },
)
