import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Embedding head whose `normalize` switch is a forward input, and changes between input
    sets: export keeps only the branch of the traced value."""

    def __init__(self):
        super().__init__()
        self.proj = torch.nn.Linear(8, 4)

    def forward(self, x, normalize: bool):
        out = self.proj(x)
        if normalize:
            out = torch.nn.functional.normalize(out, dim=-1)
        return out


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 8), True),
    (torch.randn(6, 8), True),
    (torch.randn(4, 8), False),  # expect: EXL601
]
dynamic_shapes = ({0: Dim.DYNAMIC}, None)
