# Source: pytorch/vision torchvision/models/detection/roi_heads.py (heatmaps_to_keypoints,
#   paraphrased): `offset_x = rois[:, 0]; offset_y = rois[:, 1]`, `widths = rois[:, 2] - rois[:, 0]`,
#   `widths = widths.clamp(min=1); widths_ceil = widths.ceil()`, `num_keypoints = maps.shape[1]`,
#   `xy_preds = torch.zeros((len(rois), 3, num_keypoints), ...)`, `for i in range(len(rois)):
#   roi_map_width = int(widths_ceil[i].item()); roi_map_height = int(heights_ceil[i].item());
#   width_correction = widths[i] / roi_map_width; ... roi_map = F.interpolate(maps[i][:, None],
#   size=(roi_map_height, roi_map_width), mode="bicubic", align_corners=False)[:, 0]`, ...
#   `pos = roi_map.reshape(num_keypoints, -1).argmax(dim=1)`.
# What fails: a Python loop over the (dynamic) number of boxes, and an interpolation size read
#   out of each box with `int(....item())`: both are data- or size-dependent.
import torch
import torch.nn.functional as F
from torch import nn
from torch.export import Dim


def heatmaps_to_keypoints(maps, rois):
    offset_x, offset_y = rois[:, 0], rois[:, 1]
    widths = (rois[:, 2] - rois[:, 0]).clamp(min=1)
    heights = (rois[:, 3] - rois[:, 1]).clamp(min=1)
    widths_ceil, heights_ceil = widths.ceil(), heights.ceil()
    num_keypoints = maps.shape[1]
    xy_preds = torch.zeros((len(rois), 3, num_keypoints), dtype=torch.float32)  # expect: EXL303
    for i in range(len(rois)):  # expect: EXL401
        roi_map_width = int(widths_ceil[i].item())  # expect: EXL201
        roi_map_height = int(heights_ceil[i].item())  # expect: EXL201
        width_correction = widths[i] / roi_map_width
        height_correction = heights[i] / roi_map_height
        roi_map = F.interpolate(maps[i][:, None], size=(roi_map_height, roi_map_width), mode="bilinear", align_corners=False)[:, 0]
        w = roi_map.shape[2]
        pos = roi_map.reshape(num_keypoints, -1).argmax(dim=1)
        x_int = pos % w  # expect: EXL404
        y_int = torch.div(pos - x_int, w, rounding_mode="floor")
        xy_preds[i, 0, :] = (x_int.float() + 0.5) * width_correction + offset_x[i]
        xy_preds[i, 1, :] = (y_int.float() + 0.5) * height_correction + offset_y[i]
        xy_preds[i, 2, :] = 1
    return xy_preds.permute(0, 2, 1)


class Model(nn.Module):
    def __init__(self, num_keypoints=3):
        super().__init__()
        self.head = nn.Conv2d(4, num_keypoints, 3, padding=1)

    def forward(self, roi_features, rois):
        return heatmaps_to_keypoints(self.head(roi_features), rois)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 4, 7, 7), torch.tensor([[0.0, 0.0, 10.0, 12.0], [4.0, 2.0, 9.0, 20.0]])),
    (torch.randn(3, 4, 7, 7), torch.tensor([[1.0, 1.0, 5.0, 6.0], [0.0, 3.0, 13.0, 8.0], [2.0, 2.0, 4.0, 11.0]])),
    (torch.randn(4, 4, 7, 7), torch.tensor([[0.0, 0.0, 8.0, 8.0]] * 4)),
]
n = Dim("n")
dynamic_shapes = ({0: n}, {0: n})
