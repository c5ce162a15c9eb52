import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Box regression: the 4 coordinates a Linear predicts, unbound on the last axis and
    stacked back with a literal 4 (a fixed number of tensors, whatever the batch)."""

    def __init__(self):
        super().__init__()
        self.reg = torch.nn.Linear(8, 4)

    def forward(self, x):
        deltas = self.reg(x)
        scaled = [d * s for d, s in zip(deltas.unbind(-1), (10.0, 10.0, 5.0, 5.0))]
        boxes = torch.stack(scaled, dim=-1)
        x1, y1, x2, y2 = boxes.unbind(-1)
        widths = torch.stack([x2 - x1, y2 - y1], dim=-1)
        return torch.stack([w.abs() + 1 for w in widths.unbind(-1)], -1)


torch.manual_seed(0)
example_inputs = [(torch.randn(4, 8),), (torch.randn(7, 8),), (torch.randn(2, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
