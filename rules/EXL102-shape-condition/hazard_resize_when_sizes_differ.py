import torch
import torch.nn.functional as F
from torch.export import Dim


class Model(torch.nn.Module):
    """Feature fusion that resizes the skip connection only when its size differs."""

    def __init__(self, channels=4):
        super().__init__()
        self.skip = torch.nn.Conv2d(channels, channels, 3, padding=1)
        self.out = torch.nn.Conv2d(channels, channels, 1)

    def forward(self, hidden, skip):
        if hidden.shape != skip.shape:  # expect: EXL102
            skip = F.interpolate(skip, size=hidden.shape[2:], mode="bilinear", align_corners=False)
        return self.out(hidden + self.skip(skip))


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 4, 6, 6), torch.randn(2, 4, 6, 6)),
    (torch.randn(2, 4, 5, 7), torch.randn(2, 4, 9, 13)),
    (torch.randn(3, 4, 8, 8), torch.randn(3, 4, 15, 15)),
]
dynamic_shapes = (
    {0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},
    {0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},
)
