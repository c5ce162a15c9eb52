import torch
from torch import nn
from torch.export import Dim


class Boxes:
    """A structures class (detectron2's Boxes, mmdet's box types): forward builds it and
    calls its methods; the sanity `assert`s in them take a tensor's truth value."""

    def __init__(self, tensor):
        tensor = tensor.to(torch.float32)
        torch._check(
            torch.isfinite(tensor).all().item(),
            lambda: "Box tensor contains infinite or NaN!",
        )  # expect: EXL101
        self.tensor = tensor

    def area(self):
        box = self.tensor
        return (box[:, 2] - box[:, 0]) * (box[:, 3] - box[:, 1])

    def clip(self, height, width):
        boxes = self.tensor
        torch._check((boxes >= 0).all().item(), lambda: "boxes must be non-negative")  # expect: EXL101
        x = boxes[:, 0::2].clamp(min=0.0, max=width)
        y = boxes[:, 1::2].clamp(min=0.0, max=height)
        return torch.stack([x[:, 0], y[:, 0], x[:, 1], y[:, 1]], dim=1)


class Model(nn.Module):
    def forward(self, proposals):
        boxes = Boxes(proposals)
        return boxes.clip(32.0, 32.0).sum(1) + boxes.area()


torch.manual_seed(0)
example_inputs = [
    (torch.rand(5, 4) * 10,),
    (torch.rand(9, 4) * 10,),
    (torch.rand(3, 4) * 10,),
]
dynamic_shapes = ({0: Dim.DYNAMIC},)
