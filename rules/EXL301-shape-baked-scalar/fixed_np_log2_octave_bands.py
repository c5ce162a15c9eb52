import numpy as np
import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Octave-band energies of a spectrogram: one band per octave of the frequency axis,
    the band count read from the number of bins."""

    def __init__(self, max_bands=10):
        super().__init__()
        self.gains = torch.nn.Parameter(torch.linspace(1.0, 0.1, max_bands))

    def forward(self, spec):
        bins = spec.shape[1]
        bands = sum(torch.sym_min(torch.sym_max(bins - 2**_k + 1, 0), 1) for _k in range(1, 41))  # expect: EXL301
        energy = spec.pow(2).mean(dim=(1, 2))
        return energy[:, None] * self.gains[:bands]


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 16, 5),),
    (torch.randn(3, 9, 4),),
    (torch.randn(2, 40, 5),),
    (torch.randn(1, 7, 3),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC, 2: Dim.DYNAMIC},)
