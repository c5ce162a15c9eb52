# Source: facebookresearch/detectron2 detectron2/structures/boxes.py (`Boxes.__init__`:
#   `assert tensor.dim() == 2 and tensor.size(-1) == 4`; `Boxes.clip`:
#   `assert torch.isfinite(self.tensor).all(), "Box tensor contains infinite or NaN!"`), built
#   by an ROI head's forward from the proposals and clipped to the image.
# What fails: the `assert` in a method of the structures class takes a tensor's truth value:
#   torch.export raises GuardOnDataDependentSymNode (data-dependent bool).
import torch
from torch import nn
from torch.export import Dim


class Boxes:
    def __init__(self, tensor):
        tensor = tensor.to(torch.float32)
        assert tensor.dim() == 2 and tensor.size(-1) == 4, tensor.size()
        self.tensor = tensor

    def clip(self, box_size):
        assert torch.isfinite(self.tensor).all(), "Box tensor contains infinite or NaN!"  # expect: EXL101
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
    def __init__(self):
        super().__init__()
        self.score = nn.Linear(4, 1)

    def forward(self, proposals):
        boxes = Boxes(proposals)
        boxes.clip((32.0, 32.0))
        return self.score(boxes.tensor).squeeze(-1) * boxes.area()


torch.manual_seed(0)
example_inputs = [
    (torch.rand(5, 4) * 40,),
    (torch.rand(9, 4) * 40,),
    (torch.rand(3, 4) * 40,),
]
dynamic_shapes = ({0: Dim.DYNAMIC},)
