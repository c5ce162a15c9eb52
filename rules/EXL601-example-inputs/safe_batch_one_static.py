import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """A batch of one on a static dimension: only the sequence axis is dynamic, and it is
    traced at 6. Size 1 is fine where nothing asks for it to vary."""

    def __init__(self):
        super().__init__()
        self.proj = torch.nn.Linear(8, 8)

    def forward(self, hidden):
        # hidden: (1, seq, 8)
        return self.proj(hidden).softmax(dim=1)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(1, 6, 8),),
    (torch.randn(1, 11, 8),),
    (torch.randn(1, 3, 8),),
]
dynamic_shapes = ((Dim.STATIC, Dim.DYNAMIC, None),)
