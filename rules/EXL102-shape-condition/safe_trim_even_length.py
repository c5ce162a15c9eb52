import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Frame stacking without a Python branch: the odd last frame is trimmed arithmetically."""

    def __init__(self):
        super().__init__()
        self.proj = torch.nn.Linear(2 * 6, 10)

    def forward(self, frames):
        # frames: (batch, time, 6)
        # (reshape of a trimmed slice would add a parity guard; strided slices + cat do not)
        n = 2 * (frames.shape[1] // 2)
        stacked = torch.cat([frames[:, 0:n:2], frames[:, 1:n:2]], dim=-1)
        return self.proj(stacked)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 9, 6),),
    (torch.randn(3, 12, 6),),
    (torch.randn(2, 15, 6),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
