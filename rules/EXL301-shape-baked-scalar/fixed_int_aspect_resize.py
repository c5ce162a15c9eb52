import torch
from torch import nn
from torch.nn import functional as F
from torch.export import Dim

# Resize to a height of 16 keeping the aspect ratio (torchvision's and the image processors'
# `int(size * long / short)`): `int()` of the float ratio pins the traced width.


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3, padding=1)

    def forward(self, image):
        h, w = image.shape[-2:]
        new_w = 16 * w // h  # expect: EXL301
        resized = F.interpolate(image, size=(16, new_w), mode="bilinear", align_corners=False)
        return self.conv(resized).mean(dim=(2, 3))


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 3, 12, 16),),
    (torch.randn(2, 3, 20, 10),),
    (torch.randn(1, 3, 9, 30),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
