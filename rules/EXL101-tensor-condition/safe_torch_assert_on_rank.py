import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """`torch._assert` on the rank and the static coordinate axis: Python values known at
    trace time, so the assert is decided while tracing and the model exports."""

    def forward(self, boxes):
        torch._assert(boxes.dim() == 2 and boxes.shape[-1] == 4, "boxes must be (N, 4)")
        return (boxes[:, 2:] - boxes[:, :2]).clamp(min=0).prod(-1)


example_inputs = [
    (torch.tensor([[0.0, 0.0, 2.0, 3.0], [1.0, 1.0, 4.0, 2.0]]),),
    (torch.tensor([[0.0, 0.0, 1.0, 1.0], [2.0, 1.0, 3.0, 5.0], [0.5, 0.5, 1.5, 2.5]]),),
    (torch.tensor([[1.0, 2.0, 3.0, 4.0], [0.0, 0.0, 5.0, 5.0], [1.0, 1.0, 2.0, 2.0], [0.0, 1.0, 1.0, 2.0]]),),
]
dynamic_shapes = ({0: Dim.DYNAMIC},)
