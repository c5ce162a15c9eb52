# Source: facebookresearch/segment-anything segment_anything/utils/transforms.py
#   (ResizeLongestSide.apply_image_torch and get_preprocess_shape, paraphrased):
#   `target_size = self.get_preprocess_shape(image.shape[2], image.shape[3],
#   self.target_length)`, `return F.interpolate(image, target_size, mode="bilinear",
#   align_corners=False, antialias=True)`; `def get_preprocess_shape(oldh, oldw, long_side_length):
#   scale = long_side_length * 1.0 / max(oldh, oldw); newh, neww = oldh * scale, oldw * scale;
#   neww = int(neww + 0.5); newh = int(newh + 0.5); return (newh, neww)`.
# What fails: the resized shape is computed in Python floats from the dynamic image sides and
#   truncated with `int(x + 0.5)`: export freezes it (measured: the guard is on the `int()`;
#   `max()` of the two sizes alone stays symbolic, see lookalike_timm_pad_same_builtin_max.py).
import torch
import torch.nn.functional as F
from torch import nn
from torch.export import Dim


def get_preprocess_shape(oldh, oldw, long_side_length):
    scale = long_side_length * 1.0 / max(oldh, oldw)
    newh, neww = oldh * scale, oldw * scale
    neww = int(neww + 0.5)  # expect: EXL301
    newh = int(newh + 0.5)  # expect: EXL301
    return (newh, neww)


class Model(nn.Module):
    def __init__(self, target_length=32):
        super().__init__()
        self.target_length = target_length
        self.encoder = nn.Conv2d(3, 4, 4, stride=4)

    def forward(self, image):
        target_size = get_preprocess_shape(image.shape[2], image.shape[3], self.target_length)
        image = F.interpolate(image, target_size, mode="bilinear", align_corners=False)
        return self.encoder(image)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 3, 24, 40),), (torch.randn(1, 3, 50, 30),), (torch.randn(3, 3, 17, 23),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
