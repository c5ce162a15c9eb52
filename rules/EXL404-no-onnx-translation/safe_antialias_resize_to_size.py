import torch
import torch.nn.functional as F
from torch.export import Dim


class Model(torch.nn.Module):
    """The same thumbnail resized to an explicit half size, and an antialiased upscale by a
    factor: both convert and match eager at every size."""

    def __init__(self):
        super().__init__()
        self.head = torch.nn.Conv2d(3, 4, 3, padding=1)

    def forward(self, images):
        h, w = images.shape[-2:]
        thumb = F.interpolate(images, size=(h // 2, w // 2), mode="bilinear", antialias=True)
        big = F.interpolate(thumb, scale_factor=2.0, mode="bicubic", antialias=True)
        return self.head(thumb), big


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 3, 10, 12),),
    (torch.randn(1, 3, 7, 9),),
    (torch.randn(3, 3, 13, 6),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
