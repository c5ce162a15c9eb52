# Source: pytorch/vision torchvision/models/detection/anchor_utils.py (AnchorGenerator.forward and
#   grid_anchors, as in torchvision 0.6-0.7, paraphrased): `grid_sizes = list([feature_map.shape[-2:]
#   for feature_map in feature_maps])`, `image_size = image_list.tensors.shape[-2:]`, `strides =
#   [[torch.tensor(image_size[0] // g[0], dtype=torch.int64, device=device),
#   torch.tensor(image_size[1] // g[1], dtype=torch.int64, device=device)] for g in grid_sizes]`;
#   grid_anchors: `for size, stride, base_anchors in zip(grid_sizes, strides, cell_anchors):
#   grid_height, grid_width = size; stride_height, stride_width = stride; shifts_x = torch.arange(0,
#   grid_width, dtype=torch.float32, device=device) * stride_width; ...; shift_y, shift_x =
#   torch.meshgrid(shifts_y, shifts_x); ...; anchors.append((shifts.view(-1, 1, 4) +
#   base_anchors.view(1, -1, 4)).reshape(-1, 4))`.
# Look-alike: `torch.tensor()` of a size ratio (dynamic image size // grid size) looks like a size
#   frozen into a constant, and `zip` runs over lists of feature levels; on torch 2.13
#   `torch.tensor(n)` of a size stays symbolic and the lists have a fixed length: exports and matches.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, sizes=((8.0,), (16.0,)), ch=4):
        super().__init__()
        self.cell_anchors = [torch.tensor([[-s[0] / 2, -s[0] / 2, s[0] / 2, s[0] / 2]]) for s in sizes]
        self.c3 = nn.Conv2d(3, ch, 3, stride=4, padding=1)
        self.c4 = nn.Conv2d(ch, ch, 3, stride=2, padding=1)

    def grid_anchors(self, grid_sizes, strides):
        anchors = []
        for size, stride, base_anchors in zip(grid_sizes, strides, self.cell_anchors):
            grid_height, grid_width = size
            stride_height, stride_width = stride
            shifts_x = torch.arange(0, grid_width, dtype=torch.float32) * stride_width
            shifts_y = torch.arange(0, grid_height, dtype=torch.float32) * stride_height
            shift_y, shift_x = torch.meshgrid(shifts_y, shifts_x, indexing="ij")
            shift_x, shift_y = shift_x.reshape(-1), shift_y.reshape(-1)
            shifts = torch.stack((shift_x, shift_y, shift_x, shift_y), dim=1)
            anchors.append((shifts.view(-1, 1, 4) + base_anchors.view(1, -1, 4)).reshape(-1, 4))
        return anchors

    def forward(self, images):
        p3 = self.c3(images)
        feature_maps = [p3, self.c4(p3)]
        grid_sizes = list([feature_map.shape[-2:] for feature_map in feature_maps])
        image_size = images.shape[-2:]
        strides = [[torch.tensor(image_size[0] // g[0], dtype=torch.int64), torch.tensor(image_size[1] // g[1], dtype=torch.int64)] for g in grid_sizes]
        anchors = torch.cat(self.grid_anchors(grid_sizes, strides))
        scores = torch.cat([f.mean(1).flatten(1) for f in feature_maps], dim=1)
        return anchors, scores


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 3, 32, 48),), (torch.randn(1, 3, 64, 16),), (torch.randn(3, 3, 40, 56),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim("h", min=2, max=128) * 8, 3: Dim("w", min=2, max=128) * 8},)
