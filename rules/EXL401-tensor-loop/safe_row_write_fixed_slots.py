import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Write every slot of a preallocated output one at a time, each scaled by its own gate.

    The look-alike of a per-sample row loop: the loop writes one slice per iteration into a
    tensor made before it, but it runs over a fixed number of slots set in the constructor,
    so every input unrolls to the same program and nothing of it depends on the data.
    """

    def __init__(self, slots=3):
        super().__init__()
        self.slots = slots
        self.proj = torch.nn.Linear(6, 6)
        self.gate = torch.nn.Parameter(torch.linspace(0.5, 1.5, slots))

    def forward(self, tokens):
        hidden = self.proj(tokens)
        packed = torch.zeros_like(hidden)
        for k in range(self.slots):
            # slot k keeps its own tokens, scaled by its gate
            picked = hidden[:, k] * self.gate[k]
            packed[:, k] = torch.tanh(picked)
        return packed.sum(dim=1)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 5, 6),),
    (torch.randn(3, 7, 6),),
    (torch.randn(4, 4, 6),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
