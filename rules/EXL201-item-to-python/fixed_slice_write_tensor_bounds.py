import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Blanks the span between two marker tokens: the span's bounds are 0-d tensors read
    from the input, and writing a slice needs them as Python ints."""

    def forward(self, scores, markers):
        out = scores.clone()
        first, last = markers[0], markers[1]
        out[:, first.item():last.item()] = 0.0  # expect: EXL201
        return out


torch.manual_seed(0)
example_inputs = [
    (torch.randn(3, 10), torch.tensor([2, 6])),
    (torch.randn(2, 12), torch.tensor([1, 9])),
    (torch.randn(4, 7), torch.tensor([3, 4])),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC}, None)
