import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """A shortcut for a single sequence that eager code takes and compiled code does not:
    `not torch.compiler.is_compiling()` is False while torch.export traces, so Python skips
    the rest of the test and the size test in it is never traced. Both paths compute the
    same values."""

    def __init__(self):
        super().__init__()
        self.proj = torch.nn.Linear(8, 8)

    def forward(self, x):
        h = self.proj(x)
        if not torch.compiler.is_compiling() and h.shape[0] == 1:
            return torch.relu(h[0]).unsqueeze(0)
        if not torch._dynamo.is_compiling():
            if x.shape[1] > 4:
                h = h * 1.0
        return torch.relu(h)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 6, 8),),
    (torch.randn(1, 9, 8),),
    (torch.randn(4, 3, 8),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
