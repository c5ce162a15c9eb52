import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Adaptive squashing: how hard activations are squashed depends on their peak."""

    def __init__(self):
        super().__init__()
        self.proj = torch.nn.Linear(8, 8)
        self.out = torch.nn.Linear(8, 4)

    def forward(self, x):
        h = self.proj(x)
        score = h.abs().max()
        if score > 6.0:  # expect: EXL101
            h = h / 6.0
        elif score > 2.0:  # expect: EXL101
            h = torch.tanh(h)
        else:
            h = h * 2.0
        return self.out(h)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(4, 8) * 4.0,),
    (torch.randn(6, 8) * 20.0,),
    (torch.randn(3, 8) * 0.1,),
]
dynamic_shapes = ({0: Dim.DYNAMIC},)
