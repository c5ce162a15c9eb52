import torch
from torch import nn
from torch.export import Dim


class Boxes:
    """The same structures class with checks export decides: the rank and the box width
    (static), and `torch._check` on the data instead of `assert` (a runtime assertion)."""

    def __init__(self, tensor):
        assert tensor.dim() == 2 and tensor.size(-1) == 4, tensor.size()
        self.tensor = tensor

    def clip(self, height, width):
        boxes = self.tensor
        x = boxes[:, 0::2].clamp(min=0.0, max=width)
        y = boxes[:, 1::2].clamp(min=0.0, max=height)
        return torch.stack([x[:, 0], y[:, 0], x[:, 1], y[:, 1]], dim=1)


class Model(nn.Module):
    def forward(self, proposals):
        boxes = Boxes(proposals)
        torch._check((boxes.tensor >= 0).all().item())
        return boxes.clip(32.0, 32.0)


torch.manual_seed(0)
example_inputs = [(torch.rand(5, 4) * 40,), (torch.rand(9, 4) * 40,), (torch.rand(3, 4) * 40,)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
