import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Batch-first input converted to time-major, with a learned start frame prepended.

    len() of the transposed tensor is its first (dynamic) dimension, the
    sequence length, so the arange size is baked.
    """

    def __init__(self):
        super().__init__()
        self.start = torch.nn.Parameter(torch.zeros(1, 1, 6))
        self.mix = torch.nn.Linear(6, 6)

    def forward(self, x):
        # x: (batch, time, 6)
        h = self.mix(x).transpose(0, 1)  # (time, batch, 6)
        steps = torch.arange(h.shape[0], dtype=h.dtype)  # expect: EXL303
        decay = (0.9**steps).view(-1, 1, 1)
        h = torch.cat([self.start.expand(1, h.shape[1], -1), h * decay], dim=0)
        return h.cumsum(dim=0)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 5, 6),),
    (torch.randn(2, 9, 6),),
    (torch.randn(2, 3, 6),),
]
dynamic_shapes = ({1: Dim.DYNAMIC},)
