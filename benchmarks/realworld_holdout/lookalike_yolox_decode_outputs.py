# Source: Megvii-BaseDetection/YOLOX yolox/models/yolo_head.py (YOLOXHead.forward and
#   decode_outputs, inference path): `self.hw = [x.shape[-2:] for x in outputs]`, `for (hsize,
#   wsize), stride in zip(self.hw, self.strides): yv, xv = meshgrid([torch.arange(hsize),
#   torch.arange(wsize)]); grid = torch.stack((xv, yv), 2).view(1, -1, 2); ...
#   strides.append(torch.full((*shape, 1), stride))`, `outputs = torch.cat([(outputs[..., 0:2] +
#   grids) * strides, torch.exp(outputs[..., 2:4]) * strides, outputs[..., 4:]], dim=-1)`.
# Look-alike: a loop over a Python list of feature-map sizes, sizes used in `arange` and
#   `full`: exports and matches eager.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, channels=4, num_outputs=6):
        super().__init__()
        self.strides = [8, 16]
        self.stems = nn.ModuleList([nn.Conv2d(3, channels, 3, stride=8, padding=1), nn.Conv2d(3, channels, 3, stride=16, padding=1)])
        self.preds = nn.ModuleList(nn.Conv2d(channels, num_outputs, 1) for _ in self.strides)

    def decode_outputs(self, outputs, dtype):
        grids = []
        strides = []
        for (hsize, wsize), stride in zip(self.hw, self.strides):
            yv, xv = torch.meshgrid([torch.arange(hsize), torch.arange(wsize)], indexing="ij")
            grid = torch.stack((xv, yv), 2).view(1, -1, 2)
            grids.append(grid)
            shape = grid.shape[:2]
            strides.append(torch.full((*shape, 1), stride))
        grids = torch.cat(grids, dim=1).type(dtype)
        strides = torch.cat(strides, dim=1).type(dtype)
        return torch.cat([(outputs[..., 0:2] + grids) * strides, torch.exp(outputs[..., 2:4]) * strides, outputs[..., 4:]], dim=-1)

    def forward(self, images):
        outputs = [pred(stem(images)) for stem, pred in zip(self.stems, self.preds)]
        self.hw = [x.shape[-2:] for x in outputs]
        outputs = torch.cat([x.flatten(start_dim=2) for x in outputs], dim=2).permute(0, 2, 1)
        return self.decode_outputs(outputs, dtype=images.dtype)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 3, 64, 48),), (torch.randn(1, 3, 32, 96),), (torch.randn(3, 3, 80, 80),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
