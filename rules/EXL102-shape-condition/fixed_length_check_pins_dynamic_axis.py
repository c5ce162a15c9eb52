import warnings

import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """A spectrogram encoder that warns when the input is not its training length: the check
    on the frame axis, declared dynamic, pins it to the traced length (export guards on it),
    although eager runs any length."""

    def __init__(self, bins=4, width=8, frames=12):
        super().__init__()
        self.frames = frames
        self.inp = torch.nn.Conv1d(bins, width, 3, padding=1)
        self.table = torch.nn.Parameter(torch.randn(width, 4 * frames) * 0.1)

    def forward(self, spec):
        if not torch.compiler.is_exporting() and spec.shape[2] != self.frames:  # expect: EXL102
            warnings.warn(f"expected {self.frames} frames")
        return torch.relu(self.inp(spec)) + self.table[:, : spec.shape[2]]


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 4, 12),), (torch.randn(3, 4, 12),), (torch.randn(2, 4, 15),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC},)
