# Source: zylo117/Yet-Another-EfficientDet-Pytorch efficientdet/utils.py (Anchors.forward,
#   paraphrased; the per-device cache left out): `image_shape = image.shape[2:]`, `boxes_all = []`,
#   `for stride in self.strides: boxes_level = []; for scale, ratio in
#   itertools.product(self.scales, self.ratios): if image_shape[1] % stride != 0: raise
#   ValueError('input size must be divided by the stride.'); base_anchor_size = self.anchor_scale
#   * stride * scale; anchor_size_x_2 = base_anchor_size * ratio[0] / 2.0; anchor_size_y_2 = ...;
#   x = np.arange(stride / 2, image_shape[1], stride); y = np.arange(stride / 2, image_shape[0],
#   stride); xv, yv = np.meshgrid(x, y); xv = xv.reshape(-1); yv = yv.reshape(-1); boxes =
#   np.vstack((yv - anchor_size_y_2, xv - anchor_size_x_2, yv + anchor_size_y_2, xv +
#   anchor_size_x_2)); boxes = np.swapaxes(boxes, 0, 1); boxes_level.append(np.expand_dims(boxes,
#   axis=1))`, `boxes_level = np.concatenate(boxes_level, axis=1)`,
#   `boxes_all.append(boxes_level.reshape([-1, 4]))`, `anchor_boxes = np.vstack(boxes_all)`,
#   `anchor_boxes = torch.from_numpy(anchor_boxes.astype(dtype)).to(image.device)`,
#   `anchor_boxes = anchor_boxes.unsqueeze(0)`; used by BBoxTransform to decode the regression.
# What fails: the anchor grid is built with numpy from the image size: numpy needs Python
#   numbers, so the grid is a constant of the traced size.
import itertools

import numpy as np
import torch
from torch import nn
from torch.export import Dim


class Anchors(nn.Module):
    def __init__(self, anchor_scale=4.0, pyramid_levels=(3, 4)):
        super().__init__()
        self.anchor_scale = anchor_scale
        self.strides = [2**x for x in pyramid_levels]
        self.scales = np.array([2**0, 2 ** (1.0 / 3.0)])
        self.ratios = [(1.0, 1.0), (1.4, 0.7)]

    def forward(self, image, dtype=np.float32):
        image_shape = image.shape[2:]
        boxes_all = []
        for stride in self.strides:
            boxes_level = []
            for scale, ratio in itertools.product(self.scales, self.ratios):
                if image_shape[1] % stride != 0:
                    raise ValueError("input size must be divided by the stride.")
                base_anchor_size = self.anchor_scale * stride * scale
                anchor_size_x_2 = base_anchor_size * ratio[0] / 2.0
                anchor_size_y_2 = base_anchor_size * ratio[1] / 2.0
                x = np.arange(stride / 2, image_shape[1], stride)  # expect: EXL301
                y = np.arange(stride / 2, image_shape[0], stride)  # expect: EXL301
                xv, yv = np.meshgrid(x, y)
                xv = xv.reshape(-1)
                yv = yv.reshape(-1)
                boxes = np.vstack((yv - anchor_size_y_2, xv - anchor_size_x_2, yv + anchor_size_y_2, xv + anchor_size_x_2))
                boxes = np.swapaxes(boxes, 0, 1)
                boxes_level.append(np.expand_dims(boxes, axis=1))
            boxes_level = np.concatenate(boxes_level, axis=1)
            boxes_all.append(boxes_level.reshape([-1, 4]))
        anchor_boxes = np.vstack(boxes_all)
        anchor_boxes = torch.from_numpy(anchor_boxes.astype(dtype)).to(image.device)
        return anchor_boxes.unsqueeze(0)


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.p3 = nn.Conv2d(3, 4, 8, stride=8)
        self.p4 = nn.Conv2d(4, 4, 2, stride=2)
        self.reg3 = nn.Conv2d(4, 4 * 4, 1)
        self.reg4 = nn.Conv2d(4, 4 * 4, 1)
        self.anchors = Anchors()

    def forward(self, image):
        f3 = self.p3(image)
        f4 = self.p4(f3)
        b = image.shape[0]
        regression = torch.cat(
            [self.reg3(f3).permute(0, 2, 3, 1).reshape(b, -1, 4), self.reg4(f4).permute(0, 2, 3, 1).reshape(b, -1, 4)], dim=1
        )
        anchors = self.anchors(image)
        y_centers_a = (anchors[..., 0] + anchors[..., 2]) / 2
        x_centers_a = (anchors[..., 1] + anchors[..., 3]) / 2
        ha = anchors[..., 2] - anchors[..., 0]
        wa = anchors[..., 3] - anchors[..., 1]
        w = regression[..., 3].exp() * wa
        h = regression[..., 2].exp() * ha
        y_centers = regression[..., 0] * ha + y_centers_a
        x_centers = regression[..., 1] * wa + x_centers_a
        return torch.stack([x_centers - w / 2.0, y_centers - h / 2.0, x_centers + w / 2.0, y_centers + h / 2.0], dim=2)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 3, 64, 48),), (torch.randn(1, 3, 32, 80),), (torch.randn(3, 3, 48, 32),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim("h", min=2, max=64) * 16, 3: Dim("w", min=2, max=64) * 16},)
