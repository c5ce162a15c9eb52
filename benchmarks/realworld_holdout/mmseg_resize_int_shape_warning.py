# Source: open-mmlab/mmsegmentation mmseg/models/utils/wrappers.py (resize), called by the decode
#   heads (`resize(lateral, size=prev_shape, mode="bilinear", align_corners=self.align_corners)`,
#   with align_corners=True as several mmseg configs set): `if warning: if size is not None and
#   align_corners: input_h, input_w = tuple(int(x) for x in input.shape[2:]); output_h, output_w =
#   tuple(int(x) for x in size); if output_h > input_h or output_w > output_h: ...
#   warnings.warn(...)`, then `F.interpolate(input, size, scale_factor, mode, align_corners)`.
# What fails: `int()` of the dynamic sizes, only to decide whether to warn, bakes them.
import warnings

import torch
from torch import nn
from torch.nn import functional as F
from torch.export import Dim


def resize(input, size=None, scale_factor=None, mode="nearest", align_corners=None, warning=True):
    if warning:
        if size is not None and align_corners:
            input_h, input_w = tuple(int(x) for x in input.shape[2:])  # expect: EXL301
            output_h, output_w = tuple(int(x) for x in size)  # expect: EXL301
            if output_h > input_h or output_w > output_h:
                if (
                    (output_h > 1 and output_w > 1 and input_h > 1 and input_w > 1)
                    and (output_h - 1) % (input_h - 1)
                    and (output_w - 1) % (input_w - 1)
                ):
                    warnings.warn(
                        f"When align_corners={align_corners}, the output would more aligned if "
                        f"input size {(input_h, input_w)} is `x+1` and out size {(output_h, output_w)} is `nx+1`"
                    )
    return F.interpolate(input, size, scale_factor, mode, align_corners)


class Model(nn.Module):
    def __init__(self, channels=4, num_classes=3):
        super().__init__()
        self.align_corners = True
        self.stem = nn.Conv2d(3, channels, 3, padding=1)
        self.down = nn.Conv2d(channels, channels, 3, stride=2, padding=1)
        self.cls_seg = nn.Conv2d(channels, num_classes, 1)

    def forward(self, img):
        high = self.stem(img)
        low = self.down(high)
        fused = high + resize(low, size=high.shape[2:], mode="bilinear", align_corners=self.align_corners)
        return self.cls_seg(fused)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 3, 10, 12),), (torch.randn(1, 3, 7, 16),), (torch.randn(2, 3, 14, 9),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
