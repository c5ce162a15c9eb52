import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """The same per-level scales kept as a tensor and indexed with the tensor level (a
    gather), and the Python list indexed with a Python int only."""

    def __init__(self):
        super().__init__()
        self.level_scales = [0.5, 1.0, 2.0]
        self.register_buffer("scale_table", torch.tensor(self.level_scales))
        self.level_logits = torch.nn.Linear(4, 3)

    def forward(self, x):
        level = self.level_logits(x.mean(0)).argmax()
        base = self.level_scales[1]
        return x * self.scale_table[level] * base


torch.manual_seed(0)
example_inputs = [(torch.randn(3, 4),), (torch.randn(5, 4),), (torch.randn(2, 4),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
