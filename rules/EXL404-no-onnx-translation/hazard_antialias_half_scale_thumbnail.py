import torch
import torch.nn.functional as F
from torch.export import Dim


class Model(torch.nn.Module):
    """A thumbnail branch that halves the image with antialiased bilinear resampling."""

    def __init__(self):
        super().__init__()
        self.head = torch.nn.Conv2d(3, 4, 3, padding=1)

    def forward(self, images):
        thumb = F.interpolate(images, scale_factor=0.5, mode="bilinear", antialias=True)  # expect: EXL404
        return self.head(thumb)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 3, 10, 12),),
    (torch.randn(1, 3, 7, 9),),
    (torch.randn(3, 3, 13, 6),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
