import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Checks that look like a pinned size but are not: the channel axis is static (not in
    dynamic_shapes), and two dynamic lengths compared with each other relate two symbols."""

    def __init__(self, bins=4, width=8):
        super().__init__()
        self.bins = bins
        self.inp = torch.nn.Conv1d(bins, width, 3, padding=1)

    def forward(self, spec, mask):
        if spec.shape[1] != self.bins:
            raise ValueError(f"expected {self.bins} bins")
        if spec.shape[2] != mask.shape[1]:
            raise ValueError("mask and spectrogram lengths differ")
        return torch.relu(self.inp(spec)) * mask[:, None, :]


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 4, 12), torch.ones(2, 12)),
    (torch.randn(3, 4, 7), torch.ones(3, 7)),
    (torch.randn(2, 4, 15), torch.ones(2, 15)),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC}, {0: Dim.DYNAMIC, 1: Dim.DYNAMIC})
