# Source: pytorch/vision torchvision/transforms/functional.py (_compute_resized_output_size) and
#   transformers image_transforms.get_resize_output_image_size (read through the code search):
#   `short, long = (w, h) if w <= h else (h, w)`,
#   `new_short, new_long = requested_new_short, int(requested_new_short * long / short)`,
#   used inside a model to resize its input before the backbone.
# What fails: the ternary on dynamic sizes and `int()` of a float ratio of sizes: export bakes
#   the orientation and the output size of the traced image.
import torch
from torch import nn
from torch.export import Dim


def compute_resized_output_size(image_size, size):
    h, w = image_size
    short, long = (w, h) if w <= h else (h, w)  # expect: EXL102
    requested_new_short = size
    new_short, new_long = requested_new_short, int(requested_new_short * long / short)  # expect: EXL301
    new_w, new_h = (new_short, new_long) if w <= h else (new_long, new_short)  # expect: EXL102
    return new_h, new_w


class Model(nn.Module):
    def __init__(self, size=8):
        super().__init__()
        self.size = size
        self.conv = nn.Conv2d(3, 4, 3, padding=1)

    def forward(self, image):
        new_h, new_w = compute_resized_output_size(image.shape[-2:], self.size)
        resized = nn.functional.interpolate(image, size=(new_h, new_w), mode="bilinear", align_corners=False)
        return self.conv(resized).mean(dim=(2, 3))


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 3, 12, 16),), (torch.randn(2, 3, 20, 10),), (torch.randn(2, 3, 9, 30),)]
dynamic_shapes = ({2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
