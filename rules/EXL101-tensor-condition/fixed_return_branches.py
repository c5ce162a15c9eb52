import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Gated activation: the sign of the mean activation picks the non-linearity."""

    def __init__(self):
        super().__init__()
        self.proj = torch.nn.Linear(8, 8)

    def forward(self, x):
        h = self.proj(x)
        return torch.where(h.mean() > 0, torch.tanh(h) * 2.0, torch.sigmoid(h) - 0.5)  # expect: EXL101


torch.manual_seed(0)
example_inputs = [
    (torch.randn(4, 8),),
    (torch.randn(7, 8) + 2.0,),
    (torch.randn(3, 8) - 2.0,),
]
dynamic_shapes = ({0: Dim.DYNAMIC},)
