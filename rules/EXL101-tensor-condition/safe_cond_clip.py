import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Data-dependent squashing with torch.cond: the tensor predicate is an operand, not an `if`."""

    def __init__(self):
        super().__init__()
        self.proj = torch.nn.Linear(8, 8)
        self.squash = torch.nn.Linear(8, 8)

    def forward(self, x):
        h = self.proj(x)
        peak = h.abs().max()

        def big(h, peak):
            return torch.tanh(self.squash(h) / peak) * 4.0

        def small(h, peak):
            return h.clamp(-1.0, 1.0)

        return torch.cond(peak > 4.0, big, small, (h, peak))


torch.manual_seed(0)
example_inputs = [
    (torch.randn(5, 8) * 10,),
    (torch.randn(3, 8) * 0.1,),
    (torch.randn(7, 8) * 3,),
]
dynamic_shapes = ({0: Dim.DYNAMIC},)
