import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """GLU-style chunk of the static feature axis, and the time halves cut by slicing."""

    def forward(self, seq):
        value, gate = seq.chunk(2, dim=-1)
        n = seq.shape[1] // 2
        gated = value * torch.sigmoid(gate)
        return gated[:, :n].mean(1) - gated[:, n : 2 * n].mean(1)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 12, 6),),
    (torch.randn(3, 18, 6),),
    (torch.randn(2, 8, 6),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
