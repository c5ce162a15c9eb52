# Source: gemelo-ai/vocos vocos/spectral_ops.py (ISTFT.forward, padding="same"): `ifft =
#   torch.fft.irfft(spec, self.n_fft, dim=1, norm="backward")`, `ifft = ifft * self.window[None, :,
#   None]`, `output_size = (T - 1) * self.hop_length + self.win_length`, `y =
#   torch.nn.functional.fold(ifft, output_size=(1, output_size), kernel_size=(1, self.win_length),
#   stride=(1, self.hop_length))[:, 0, 0, pad:-pad]`; transformers' ONNX exporter patches
#   torch.fft.irfft (exporters/exporter_onnx.py `_patch_irfft`: "ORT's DFT op rejects the
#   is_onesided=1/inverse=1 combination").
# Look-alike: the inverse FFT and fold translate to ONNX: exports and matches eager.
import torch
from torch import nn
from torch.export import Dim


class ISTFTHead(nn.Module):
    def __init__(self, dim=8, n_fft=8, hop_length=2):
        super().__init__()
        self.n_fft = n_fft
        self.hop_length = hop_length
        self.win_length = n_fft
        self.out = nn.Linear(dim, n_fft + 2)
        self.register_buffer("window", torch.hann_window(n_fft))

    def forward(self, x):
        x = self.out(x).transpose(1, 2)
        mag, p = x.chunk(2, dim=1)
        mag = torch.exp(mag).clip(max=1e2)
        spec = torch.complex(mag * torch.cos(p), mag * torch.sin(p))
        pad = (self.win_length - self.hop_length) // 2
        B, N, T = spec.shape
        ifft = torch.fft.irfft(spec, self.n_fft, dim=1, norm="backward")
        ifft = ifft * self.window[None, :, None]
        output_size = (T - 1) * self.hop_length + self.win_length
        y = torch.nn.functional.fold(ifft, output_size=(1, output_size), kernel_size=(1, self.win_length), stride=(1, self.hop_length))[:, 0, 0, pad:-pad]
        return y


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.head = ISTFTHead()

    def forward(self, features):
        return self.head(features)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 5, 8),), (torch.randn(1, 9, 8),), (torch.randn(3, 4, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
