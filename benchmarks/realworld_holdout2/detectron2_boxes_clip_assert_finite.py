# Source: facebookresearch/detectron2 detectron2/structures/boxes.py (Boxes.clip, paraphrased):
#   `assert torch.isfinite(self.tensor).all(), "Box tensor contains infinite or NaN!"`, `h, w =
#   box_size`, `x1 = self.tensor[:, 0].clamp(min=0, max=w)`, `y1 = self.tensor[:, 1].clamp(min=0,
#   max=h)`, `x2 = ...`, `self.tensor = torch.stack((x1, y1, x2, y2), dim=-1)`; and
#   Boxes.nonempty: `widths = box[:, 2] - box[:, 0]`, `keep = (widths > threshold) & (heights >
#   threshold)`.
# What fails: the sanity `assert` reads the box values (`.all()` of a tensor) in Python; export
#   cannot evaluate it on symbolic data.
import torch
from torch import nn
from torch.export import Dim


class Boxes:
    def __init__(self, tensor):
        self.tensor = tensor

    def clip(self, box_size):
        assert torch.isfinite(self.tensor).all(), "Box tensor contains infinite or NaN!"  # expect: EXL101
        h, w = box_size
        x1 = self.tensor[:, 0].clamp(min=0, max=w)
        y1 = self.tensor[:, 1].clamp(min=0, max=h)
        x2 = self.tensor[:, 2].clamp(min=0, max=w)
        y2 = self.tensor[:, 3].clamp(min=0, max=h)
        self.tensor = torch.stack((x1, y1, x2, y2), dim=-1)

    def nonempty(self, threshold=0.0):
        widths = self.tensor[:, 2] - self.tensor[:, 0]
        heights = self.tensor[:, 3] - self.tensor[:, 1]
        return (widths > threshold) & (heights > threshold)


class Model(nn.Module):
    def __init__(self, dim=8):
        super().__init__()
        self.box_head = nn.Linear(dim, 4)

    def forward(self, features, image):
        deltas = self.box_head(features)
        boxes = Boxes(torch.cat([deltas[:, :2] * 4, deltas[:, :2] * 4 + deltas[:, 2:].exp() * 8], dim=1))
        boxes.clip(image.shape[-2:])
        return boxes.tensor * boxes.nonempty().unsqueeze(-1)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(5, 8), torch.randn(3, 20, 24)),
    (torch.randn(9, 8), torch.randn(3, 12, 30)),
    (torch.randn(3, 8), torch.randn(3, 16, 16)),
]
dynamic_shapes = ({0: Dim.DYNAMIC}, {1: Dim.DYNAMIC, 2: Dim.DYNAMIC})
