import torch
import torch.nn.functional as F
from torch.export import Dim


class Model(torch.nn.Module):
    """Resize to a portrait orientation (shorter side first, as taken from the image), then
    a convolution."""

    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(3, 4, 3, padding=1)

    def forward(self, image):
        height, width = image.shape[2], image.shape[3]
        short, long = (width, height) if width <= height else (height, width)  # expect: EXL102
        resized = F.interpolate(image, size=(long, short), mode="bilinear", align_corners=False)
        return self.conv(resized).mean(dim=(2, 3))


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 3, 12, 16),),
    (torch.randn(2, 3, 20, 10),),
    (torch.randn(3, 3, 9, 30),),
    (torch.randn(2, 3, 5, 4),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
