import numpy as np
import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """FFT convolution with a configured transform length: the next power of two of the
    configured window, computed once from the configuration."""

    def __init__(self, window=24, taps=5):
        super().__init__()
        self.n_fft = 2 ** int(np.ceil(np.log2(window)))
        self.kernel = torch.nn.Parameter(torch.randn(taps))

    def forward(self, signal):
        bits = int(np.log2(self.n_fft))
        spectrum = torch.fft.rfft(signal, n=2**bits) * torch.fft.rfft(self.kernel, n=2**bits)
        return torch.fft.irfft(spectrum, n=self.n_fft)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 10),),
    (torch.randn(3, 17),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
