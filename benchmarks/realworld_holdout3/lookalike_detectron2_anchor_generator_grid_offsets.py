# Source: facebookresearch/detectron2 detectron2/modeling/anchor_generator.py
#   (_create_grid_offsets and DefaultAnchorGenerator._grid_anchors / forward, paraphrased;
#   move_device_like left out): `grid_height, grid_width = size`, `shifts_x =
#   torch.arange(offset * stride, grid_width * stride, step=stride, dtype=torch.float32)`,
#   `shifts_y = torch.arange(offset * stride, grid_height * stride, step=stride,
#   dtype=torch.float32)`, `shift_y, shift_x = torch.meshgrid(shifts_y, shifts_x)`, `shift_x =
#   shift_x.reshape(-1)`, `shift_y = shift_y.reshape(-1)`; `_grid_anchors`: `for size, stride,
#   base_anchors in zip(grid_sizes, self.strides, buffers): shift_x, shift_y =
#   _create_grid_offsets(size, stride, self.offset, base_anchors); shifts = torch.stack((shift_x,
#   shift_y, shift_x, shift_y), dim=1); anchors.append((shifts.view(-1, 1, 4) + base_anchors.view(1,
#   -1, 4)).reshape(-1, 4))`; forward: `grid_sizes = [feature_map.shape[-2:] for feature_map in
#   features]`, `anchors_over_all_feature_maps = self._grid_anchors(grid_sizes)` (offset 0.5 as in
#   the RetinaNet configs).
# Look-alike (measured, not a hazard): a float `arange` from `offset * stride` to the
#   symbolic `grid_width * stride` with a step, a loop over the levels and `.view(-1, 1, 4)`
#   look like frozen sizes, but torch.export keeps the length symbolic and the ONNX Range
#   matches: exports and matches eager on unseen batch and image sizes (torch 2.13, 2026-12-03).
import torch
from torch import nn
from torch.export import Dim


def _create_grid_offsets(size, stride, offset):
    grid_height, grid_width = size
    shifts_x = torch.arange(offset * stride, grid_width * stride, step=stride, dtype=torch.float32)
    shifts_y = torch.arange(offset * stride, grid_height * stride, step=stride, dtype=torch.float32)
    shift_y, shift_x = torch.meshgrid(shifts_y, shifts_x, indexing="ij")
    return shift_x.reshape(-1), shift_y.reshape(-1)


class Model(nn.Module):
    def __init__(self, offset=0.5):
        super().__init__()
        self.strides = [8, 16]
        self.offset = offset
        self.register_buffer("cell_anchors_0", torch.tensor([[-16.0, -16.0, 16.0, 16.0], [-22.0, -11.0, 22.0, 11.0]]))
        self.register_buffer("cell_anchors_1", torch.tensor([[-32.0, -32.0, 32.0, 32.0], [-45.0, -22.0, 45.0, 22.0]]))
        self.p3 = nn.Conv2d(3, 4, 8, stride=8)
        self.p4 = nn.Conv2d(4, 4, 2, stride=2)
        self.deltas = nn.Conv2d(4, 2 * 4, 1)

    def forward(self, image):
        features = [self.p3(image)]
        features.append(self.p4(features[0]))
        grid_sizes = [feature_map.shape[-2:] for feature_map in features]
        anchors = []
        for size, stride, base_anchors in zip(grid_sizes, self.strides, [self.cell_anchors_0, self.cell_anchors_1]):
            shift_x, shift_y = _create_grid_offsets(size, stride, self.offset)
            shifts = torch.stack((shift_x, shift_y, shift_x, shift_y), dim=1)
            anchors.append((shifts.view(-1, 1, 4) + base_anchors.view(1, -1, 4)).reshape(-1, 4))
        b = image.shape[0]
        deltas = torch.cat([self.deltas(f).permute(0, 2, 3, 1).reshape(b, -1, 4) for f in features], dim=1)
        return torch.cat(anchors, dim=0)[None] + deltas


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 3, 64, 48),), (torch.randn(1, 3, 32, 80),), (torch.randn(3, 3, 48, 112),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim("h", min=2, max=64) * 16, 3: Dim("w", min=2, max=64) * 16},)
