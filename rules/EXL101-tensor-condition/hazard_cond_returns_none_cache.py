import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Decoder step returning `(hidden, cache, scores)` with no cache (None) in both
    branches: a residual path when the gate is open, a plain projection otherwise."""

    def __init__(self):
        super().__init__()
        self.gate = torch.nn.Linear(6, 1)
        self.mlp = torch.nn.Linear(6, 6)

    def forward(self, hidden):
        gate = self.gate(hidden).sigmoid()
        if gate.mean() > 0.5:  # expect: EXL101
            hidden = hidden + self.mlp(hidden)
            return hidden, None, gate
        return self.mlp(hidden), None, gate * 0.0


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 4, 6),),
    (torch.randn(3, 6, 6) * 5,),
    (torch.randn(1, 9, 6) - 3,),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
