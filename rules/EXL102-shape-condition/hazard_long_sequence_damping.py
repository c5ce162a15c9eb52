import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Long inputs are damped, short ones rectified: the branch depends on the length."""

    def __init__(self):
        super().__init__()
        self.proj = torch.nn.Linear(8, 8)
        self.out = torch.nn.Linear(8, 2)

    def forward(self, x):
        # x: (batch, seq, 8)
        h = self.proj(x)
        if h.shape[1] > 6:  # expect: EXL102
            h = h * 0.5
        else:
            h = torch.relu(h)
        return self.out(h).mean(dim=1)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 9, 8),),
    (torch.randn(3, 4, 8),),
    (torch.randn(2, 12, 8),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
