import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Input validation with `torch._assert` (timm's `_assert`) on a tensor: it is `assert cond`,
    so the tensor is converted to a Python bool, which torch.export cannot decide."""

    def forward(self, boxes):
        torch._assert((boxes[:, 2:] >= boxes[:, :2]).all(), "boxes must be (x1, y1, x2, y2)")  # expect: EXL101
        return (boxes[:, 2:] - boxes[:, :2]).prod(-1)


example_inputs = [
    (torch.tensor([[0.0, 0.0, 2.0, 3.0], [1.0, 1.0, 4.0, 2.0]]),),
    (torch.tensor([[0.0, 0.0, 1.0, 1.0], [2.0, 1.0, 3.0, 5.0], [0.5, 0.5, 1.5, 2.5]]),),
    (torch.tensor([[1.0, 2.0, 3.0, 4.0], [0.0, 0.0, 5.0, 5.0], [1.0, 1.0, 2.0, 2.0], [0.0, 1.0, 1.0, 2.0]]),),
]
dynamic_shapes = ({0: Dim.DYNAMIC},)
