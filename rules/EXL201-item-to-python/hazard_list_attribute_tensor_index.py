import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Per-level scale picked from a Python list with a tensor index (the level of each
    query, e.g. an argmax over levels): Python calls `__index__` on the tensor, an implicit
    `.item()` that torch.export cannot guard on."""

    def __init__(self):
        super().__init__()
        self.level_scales = [0.5, 1.0, 2.0]
        self.level_logits = torch.nn.Linear(4, 3)

    def forward(self, x):
        level = self.level_logits(x.mean(0)).argmax()
        scale = self.level_scales[level]  # expect: EXL201
        return x * scale


torch.manual_seed(0)
example_inputs = [(torch.randn(3, 4),), (torch.randn(5, 4),), (torch.randn(2, 4),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
