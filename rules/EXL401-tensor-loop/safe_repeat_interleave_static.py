import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Upsampling in time by a fixed factor: every frame repeated twice for the whole
    batch at once, no loop over the items."""

    def __init__(self):
        super().__init__()
        self.proj = torch.nn.Linear(8, 8)

    def forward(self, frames):
        return self.proj(frames).repeat_interleave(2, dim=1)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 4, 8),), (torch.randn(3, 7, 8),), (torch.randn(1, 5, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
