# Source: huggingface/transformers src/transformers/models/rt_detr/modeling_rt_detr.py
#   (RTDetrModel.generate_anchors): `for level, (height, width) in enumerate(spatial_shapes):
#   grid_y, grid_x = torch.meshgrid(torch.arange(end=height), torch.arange(end=width),
#   indexing="ij"); grid_xy = torch.stack([grid_x, grid_y], -1); valid_wh = torch.tensor([width,
#   height]).to(dtype); grid_xy = (grid_xy.unsqueeze(0) + 0.5) / valid_wh; wh =
#   torch.ones_like(grid_xy) * grid_size * (2.0**level)`, `valid_mask = ((anchors > eps) * (anchors
#   < 1 - eps)).all(-1, keepdim=True)`, `anchors = torch.where(valid_mask, anchors,
#   torch.tensor(torch.finfo(dtype).max))`.
# Look-alike: the Python list of feature-map sizes is looped over (static count), the sizes go
#   into `arange` and `torch.tensor([width, height])`: exports and matches eager.
import torch
from torch import nn
from torch.export import Dim


def generate_anchors(spatial_shapes, grid_size=0.05, dtype=torch.float32):
    anchors = []
    for level, (height, width) in enumerate(spatial_shapes):
        grid_y, grid_x = torch.meshgrid(torch.arange(end=height, dtype=dtype), torch.arange(end=width, dtype=dtype), indexing="ij")
        grid_xy = torch.stack([grid_x, grid_y], -1)
        valid_wh = torch.tensor([width, height]).to(dtype)
        grid_xy = (grid_xy.unsqueeze(0) + 0.5) / valid_wh
        wh = torch.ones_like(grid_xy) * grid_size * (2.0**level)
        anchors.append(torch.concat([grid_xy, wh], -1).reshape(-1, height * width, 4))
    eps = 1e-2
    anchors = torch.concat(anchors, 1)
    valid_mask = ((anchors > eps) * (anchors < 1 - eps)).all(-1, keepdim=True)
    anchors = torch.log(anchors / (1 - anchors))
    anchors = torch.where(valid_mask, anchors, torch.tensor(torch.finfo(dtype).max, dtype=dtype))
    return anchors, valid_mask


class Model(nn.Module):
    def __init__(self, channels=4):
        super().__init__()
        self.level0 = nn.Conv2d(3, channels, 3, stride=2, padding=1)
        self.level1 = nn.Conv2d(channels, channels, 3, stride=2, padding=1)
        self.enc_output = nn.Linear(channels, channels)
        self.enc_bbox_head = nn.Linear(channels, 4)

    def forward(self, pixel_values):
        f0 = self.level0(pixel_values)
        f1 = self.level1(f0)
        spatial_shapes = [f.shape[-2:] for f in (f0, f1)]
        memory = torch.cat([f.flatten(2).transpose(1, 2) for f in (f0, f1)], dim=1)
        anchors, valid_mask = generate_anchors(spatial_shapes)
        memory = valid_mask.to(memory.dtype) * memory
        output_memory = self.enc_output(memory)
        return self.enc_bbox_head(output_memory) + anchors.clamp(-10, 10)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 3, 16, 12),), (torch.randn(1, 3, 10, 20),), (torch.randn(3, 3, 8, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
