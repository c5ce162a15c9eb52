import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """A centred magnitude spectrum of each signal (zero frequency in the middle).

    fftshift over a dynamic axis exports, but torch.onnx fails to convert it.
    """

    def forward(self, signal):
        # signal: (batch, samples)
        spectrum = torch.fft.fft(signal).abs()
        return torch.fft.fftshift(spectrum, dim=-1)  # expect: EXL404


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 32),),
    (torch.randn(3, 45),),
    (torch.randn(2, 20),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
