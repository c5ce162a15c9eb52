# Source: huggingface/transformers src/transformers/models/fnet/modeling_fnet.py
#   (FNetBasicFourierTransform): `self.fourier_transform = partial(torch.fft.fftn, dim=(1, 2))`,
#   `def forward(self, hidden_states): outputs = self.fourier_transform(hidden_states).real`.
# Look-alike: torch.fft.fftn makes a complex tensor, but only its real part leaves the block;
#   the exporter translates the FFT to ONNX DFT: exports and matches eager.
import torch
from functools import partial
from torch import nn
from torch.export import Dim


class FNetBasicFourierTransform(nn.Module):
    def __init__(self):
        super().__init__()
        self.fourier_transform = partial(torch.fft.fftn, dim=(1, 2))

    def forward(self, hidden_states):
        outputs = self.fourier_transform(hidden_states).real
        return (outputs,)


class Model(nn.Module):
    def __init__(self, hidden=8):
        super().__init__()
        self.fourier = FNetBasicFourierTransform()
        self.norm = nn.LayerNorm(hidden)

    def forward(self, hidden_states):
        return self.norm(self.fourier(hidden_states)[0] + hidden_states)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 5, 8),), (torch.randn(1, 9, 8),), (torch.randn(3, 4, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
