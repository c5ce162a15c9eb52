import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Methods and attributes named like the operators, on things that are not tensors:
    `self.mode` is a string, `self.median(...)` a helper of the model, `statistics`-like
    calls on Python lists. None of them is aten.mode / aten.median."""

    def __init__(self):
        super().__init__()
        self.mode = "mean"
        self.proj = torch.nn.Linear(4, 4)

    def median(self, x):
        return x.mean(dim=-1, keepdim=True)

    def forward(self, x):
        h = self.proj(x)
        if self.mode == "mean":
            h = h - self.median(h)
        return h.cumsum(dim=1)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 5, 4),),
    (torch.randn(3, 8, 4),),
    (torch.randn(2, 3, 4),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
