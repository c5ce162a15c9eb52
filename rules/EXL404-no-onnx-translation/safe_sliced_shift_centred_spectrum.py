import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """A centred magnitude spectrum of each signal (zero frequency in the middle).

    The halves are swapped with slices bounded by integer size arithmetic, which converts.
    """

    def forward(self, signal):
        # signal: (batch, samples)
        spectrum = torch.fft.fft(signal).abs()
        half = (spectrum.shape[-1] + 1) // 2
        return torch.cat([spectrum[..., half:], spectrum[..., :half]], dim=-1)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 32),),
    (torch.randn(3, 45),),
    (torch.randn(2, 20),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
