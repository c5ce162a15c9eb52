import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """A spectral gate: STFT, scale the bins, inverse STFT back to the input's length.

    istft takes `length` as a Python int: export fixes the number of samples.
    """

    def __init__(self, n_fft=16, hop=4):
        super().__init__()
        self.n_fft, self.hop = n_fft, hop
        self.register_buffer("window", torch.hann_window(n_fft))
        self.gain = torch.nn.Parameter(torch.linspace(0.5, 1.5, n_fft // 2 + 1)[:, None])

    def forward(self, wave):
        spec = torch.stft(wave, self.n_fft, self.hop, window=self.window, return_complex=True)
        return torch.istft(  # expect: EXL304
            spec * self.gain, self.n_fft, self.hop, window=self.window, length=wave.shape[-1]
        )


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 64),),
    (torch.randn(3, 97),),
    (torch.randn(2, 50),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
