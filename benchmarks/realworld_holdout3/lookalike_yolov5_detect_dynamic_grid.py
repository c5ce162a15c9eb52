# Source: ultralytics/yolov5 models/yolo.py (Detect.forward and Detect._make_grid, v7.0,
#   paraphrased) and export.py (`m.dynamic = dynamic`, `m.export = True`): `x[i] = self.m[i](x[i])`,
#   `bs, _, ny, nx = x[i].shape`, `x[i] = x[i].view(bs, self.na, self.no, ny, nx).permute(0, 1, 3,
#   4, 2).contiguous()`, `if self.dynamic or self.grid[i].shape[2:4] != x[i].shape[2:4]:
#   self.grid[i], self.anchor_grid[i] = self._make_grid(nx, ny, i)`, `xy, wh, conf =
#   x[i].sigmoid().split((2, 2, self.nc + 1), 4)`, `xy = (xy * 2 + self.grid[i]) * self.stride[i]`,
#   `wh = (wh * 2) ** 2 * self.anchor_grid[i]`, `y = torch.cat((xy, wh, conf), 4)`,
#   `z.append(y.view(bs, self.na * nx * ny, self.no))`; `_make_grid`: `shape = 1, self.na, ny, nx,
#   2`, `y, x = torch.arange(ny, device=d, dtype=t), torch.arange(nx, device=d, dtype=t)`, `yv, xv
#   = torch.meshgrid(y, x, indexing='ij')`, `grid = torch.stack((xv, yv), 2).expand(shape) - 0.5`,
#   `anchor_grid = (self.anchors[i] * self.stride[i]).view((1, self.na, 1, 1, 2)).expand(shape)`.
# Look-alike: with `dynamic = True` (what export.py sets for a dynamic export) the grids are
#   rebuilt from the symbolic feature sizes at every call, the attribute writes
#   (`self.grid[i] = ...`) only cache them, and the `!=` shape test is never reached: exports
#   and matches eager on unseen batch and image sizes (traced with a batch of 2).
import torch
from torch import nn
from torch.export import Dim


class Detect(nn.Module):
    stride = None
    dynamic = False
    export = False

    def __init__(self, nc=2, anchors=((10, 13, 16, 30, 33, 23), (30, 61, 62, 45, 59, 119)), ch=(8, 16)):
        super().__init__()
        self.nc = nc
        self.no = nc + 5
        self.nl = len(anchors)
        self.na = len(anchors[0]) // 2
        self.grid = [torch.empty(0) for _ in range(self.nl)]
        self.anchor_grid = [torch.empty(0) for _ in range(self.nl)]
        self.register_buffer("anchors", torch.tensor(anchors).float().view(self.nl, -1, 2))
        self.m = nn.ModuleList(nn.Conv2d(x, self.no * self.na, 1) for x in ch)

    def forward(self, x):
        z = []
        for i in range(self.nl):
            x[i] = self.m[i](x[i])
            bs, _, ny, nx = x[i].shape
            x[i] = x[i].view(bs, self.na, self.no, ny, nx).permute(0, 1, 3, 4, 2).contiguous()
            if not self.training:
                if self.dynamic or self.grid[i].shape[2:4] != x[i].shape[2:4]:
                    self.grid[i], self.anchor_grid[i] = self._make_grid(nx, ny, i)
                xy, wh, conf = x[i].sigmoid().split((2, 2, self.nc + 1), 4)
                xy = (xy * 2 + self.grid[i]) * self.stride[i]
                wh = (wh * 2) ** 2 * self.anchor_grid[i]
                y = torch.cat((xy, wh, conf), 4)
                z.append(y.view(bs, self.na * nx * ny, self.no))
        return x if self.training else (torch.cat(z, 1),) if self.export else (torch.cat(z, 1), x)

    def _make_grid(self, nx=20, ny=20, i=0):
        d = self.anchors[i].device
        t = self.anchors[i].dtype
        shape = 1, self.na, ny, nx, 2
        y, x = torch.arange(ny, device=d, dtype=t), torch.arange(nx, device=d, dtype=t)
        yv, xv = torch.meshgrid(y, x, indexing="ij")
        grid = torch.stack((xv, yv), 2).expand(shape) - 0.5
        anchor_grid = (self.anchors[i] * self.stride[i]).view((1, self.na, 1, 1, 2)).expand(shape)
        return grid, anchor_grid


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.b1 = nn.Conv2d(3, 8, 3, stride=8, padding=1)
        self.b2 = nn.Conv2d(8, 16, 3, stride=2, padding=1)
        self.detect = Detect()
        self.detect.stride = torch.tensor([8.0, 16.0])
        self.detect.anchors /= self.detect.stride.view(-1, 1, 1)
        self.detect.dynamic = True  # export.py: `m.dynamic = dynamic`
        self.detect.export = True

    def forward(self, im):
        p3 = self.b1(im)
        p4 = self.b2(p3)
        return self.detect([p3, p4])[0]


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 3, 64, 48),), (torch.randn(1, 3, 32, 80),), (torch.randn(3, 3, 96, 64),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim("h", min=2, max=64) * 16, 3: Dim("w", min=2, max=64) * 16},)
