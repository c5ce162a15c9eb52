import numpy as np
import torch
import torch.nn.functional as F
from torch.export import Dim
import math


class Model(torch.nn.Module):
    """Multi-scale feature pyramid: each level is resized to the input size times a float
    ratio, rounded with numpy (mmdet/mmseg-style); numpy computes on the traced size."""

    def __init__(self, ratio=0.6):
        super().__init__()
        self.ratio = ratio
        self.conv = torch.nn.Conv2d(3, 4, 3, padding=1)

    def forward(self, image):
        h, w = image.shape[-2:]
        out_h = math.floor(h * self.ratio + 0.5)  # expect: EXL301
        out_w = math.floor(w * self.ratio + 0.5)  # expect: EXL301
        small = F.interpolate(image, size=(out_h, out_w), mode="bilinear", align_corners=False)
        return self.conv(small).mean((2, 3))


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 3, 20, 15),), (torch.randn(1, 3, 32, 27),), (torch.randn(3, 3, 18, 41),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
