# Source: pytorch/vision torchvision/models/detection/transform.py (_resize_image_and_masks,
#   read through the code search in its copies): `im_shape = torch.tensor(image.shape[-2:])`,
#   `scale = torch.min(self_min_size / min_size, self_max_size / max_size)`,
#   `scale_factor = scale.item()` (outside torchvision._is_tracing()), then
#   `F.interpolate(image[None], scale_factor=scale_factor, recompute_scale_factor=True)`.
# Measured on torch 2.13: the `.item()` scale feeding interpolate exports (as an unbacked
#   float) and onnxruntime matches eager on unseen sizes: a look-alike that must stay silent.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, min_size=16, max_size=24):
        super().__init__()
        self.min_size = min_size
        self.max_size = max_size
        self.conv = nn.Conv2d(3, 4, 3, padding=1)

    def resize(self, image):
        im_shape = torch.tensor(image.shape[-2:])
        min_size = torch.min(im_shape).to(dtype=torch.float32)
        max_size = torch.max(im_shape).to(dtype=torch.float32)
        scale = torch.min(self.min_size / min_size, self.max_size / max_size)
        scale_factor = scale.item()
        return nn.functional.interpolate(
            image[None],
            size=None,
            scale_factor=scale_factor,
            mode="bilinear",
            recompute_scale_factor=True,
            align_corners=False,
        )[0]

    def forward(self, image):
        return self.conv(self.resize(image)[None]).mean(dim=(2, 3))


torch.manual_seed(0)
example_inputs = [(torch.randn(3, 10, 13),), (torch.randn(3, 17, 9),), (torch.randn(3, 8, 20),)]
dynamic_shapes = ({1: Dim.DYNAMIC, 2: Dim.DYNAMIC},)
