# Source: facebookresearch/detectron2 detectron2/structures/boxes.py (`Boxes.__init__`:
#   `assert tensor.dim() == 2 and tensor.size(-1) == 4, tensor.size()`; `Boxes.clip` without
#   its finiteness assert, as export-friendly forks keep it; `Boxes.area`).
# Look-alike: a structures class built in forward whose checks are on the rank and the box
#   width (static): exports and matches eager.
import torch
from torch import nn
from torch.export import Dim


class Boxes:
    def __init__(self, tensor):
        tensor = tensor.to(torch.float32)
        assert tensor.dim() == 2 and tensor.size(-1) == 4, tensor.size()
        self.tensor = tensor

    def clip(self, box_size):
        h, w = box_size
        x1 = self.tensor[:, 0].clamp(min=0.0, max=w)
        y1 = self.tensor[:, 1].clamp(min=0.0, max=h)
        x2 = self.tensor[:, 2].clamp(min=0.0, max=w)
        y2 = self.tensor[:, 3].clamp(min=0.0, max=h)
        self.tensor = torch.stack((x1, y1, x2, y2), dim=-1)

    def area(self):
        box = self.tensor
        return (box[:, 2] - box[:, 0]) * (box[:, 3] - box[:, 1])


class Model(nn.Module):
    def forward(self, proposals):
        boxes = Boxes(proposals)
        boxes.clip((32.0, 32.0))
        return boxes.area()


torch.manual_seed(0)
example_inputs = [(torch.rand(5, 4) * 40,), (torch.rand(9, 4) * 40,), (torch.rand(3, 4) * 40,)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
