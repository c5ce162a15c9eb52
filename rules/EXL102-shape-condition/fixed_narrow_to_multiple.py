import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    """Pixel-unshuffle style folding of a 1-d signal: the length is cut to a multiple of the
    factor with `narrow(-1, 0, n)` before the fold. Traced at 24 samples, a multiple of 3:
    `narrow` guards like the slice (measured on 2.13) and the program refuses 26 and 31."""

    FACTOR = 3

    def forward(self, signal):
        length = signal.size(-1)
        usable = (length // self.FACTOR) * self.FACTOR
        signal = signal.index_select(-1, torch.arange(usable, device=signal.device))  # expect: EXL102
        folded = signal.unflatten(-1, (-1, self.FACTOR)).transpose(-1, -2)
        return folded.flatten(1, 2)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 4, 24),), (torch.randn(3, 4, 26),), (torch.randn(1, 4, 31),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC},)
