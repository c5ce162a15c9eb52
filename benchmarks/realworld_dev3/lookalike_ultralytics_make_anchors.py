# Source: ultralytics/ultralytics ultralytics/utils/tal.py (make_anchors) and nn/modules/head.py
#   (Detect._inference): `anchor_points, stride_tensor = [], []`, `dtype, device = feats[0].dtype,
#   feats[0].device`, `for i, stride in enumerate(strides): _, _, h, w = feats[i].shape`, `sx =
#   torch.arange(end=w, device=device, dtype=dtype) + grid_cell_offset`, `sy = ...`, `sy, sx =
#   torch.meshgrid(sy, sx, indexing="ij")`, `anchor_points.append(torch.stack((sx, sy),
#   -1).view(-1, 2))`, `stride_tensor.append(torch.full((h * w, 1), stride, dtype=dtype,
#   device=device))`; `self.anchors, self.strides = (x.transpose(0, 1) for x in make_anchors(x,
#   self.stride, 0.5))` with `self.stride = torch.tensor([8.0, 16.0])`.
# Look-alike: the loop runs over the (fixed) strides buffer and the feature list, the sizes feed
#   arange/full/view only: exports and matches eager.
import torch
from torch import nn
from torch.export import Dim


def make_anchors(feats, strides, grid_cell_offset=0.5):
    anchor_points, stride_tensor = [], []
    dtype, device = feats[0].dtype, feats[0].device
    for i, stride in enumerate(strides):
        _, _, h, w = feats[i].shape
        sx = torch.arange(end=w, device=device, dtype=dtype) + grid_cell_offset
        sy = torch.arange(end=h, device=device, dtype=dtype) + grid_cell_offset
        sy, sx = torch.meshgrid(sy, sx, indexing="ij")
        anchor_points.append(torch.stack((sx, sy), -1).view(-1, 2))
        stride_tensor.append(torch.full((h * w, 1), stride, dtype=dtype, device=device))
    return torch.cat(anchor_points), torch.cat(stride_tensor)


def dist2bbox(distance, anchor_points, xywh=True, dim=-1):
    lt, rb = distance.chunk(2, dim)
    x1y1 = anchor_points - lt
    x2y2 = anchor_points + rb
    if xywh:
        c_xy = (x1y1 + x2y2) / 2
        wh = x2y2 - x1y1
        return torch.cat((c_xy, wh), dim)
    return torch.cat((x1y1, x2y2), dim)


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.register_buffer("stride", torch.tensor([2.0, 4.0]))
        self.cv = nn.ModuleList([nn.Conv2d(3, 4, 3, stride=2, padding=1), nn.Conv2d(3, 4, 3, stride=4, padding=1)])

    def forward(self, x):
        feats = [cv(x) for cv in self.cv]
        anchors, strides = (t.transpose(0, 1) for t in make_anchors(feats, self.stride, 0.5))
        box = torch.cat([f.view(f.shape[0], 4, -1) for f in feats], 2)
        return dist2bbox(box, anchors.unsqueeze(0), xywh=True, dim=1) * strides


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 3, 8, 8),), (torch.randn(1, 3, 16, 12),), (torch.randn(3, 3, 8, 20),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
