# Source: pytorch/audio src/torchaudio/functional/filtering.py (_lfilter_core_generic_loop, the
#   Python fallback of `lfilter`): `for i_sample, o0 in enumerate(input_signal_windows.permute(2,
#   0, 1)): windowed_output_signal = padded_output_waveform[:, :, i_sample : i_sample + n_order];
#   o0 -= (windowed_output_signal.transpose(0, 1) @ a_coeffs_flipped)[..., 0].t();
#   padded_output_waveform[:, :, i_sample + n_order - 1] = o0`.
# What fails: the IIR recursion iterates the time axis of a tensor in Python (one step per
#   sample): export unrolls it for the traced length.
import torch
from torch import nn
from torch.nn import functional as F
from torch.export import Dim


def _lfilter_core_generic_loop(input_signal_windows, a_coeffs_flipped, padded_output_waveform):
    n_order = a_coeffs_flipped.size(1)
    a_coeffs_flipped = a_coeffs_flipped.unsqueeze(2)
    for i_sample, o0 in enumerate(input_signal_windows.permute(2, 0, 1)):  # expect: EXL401
        windowed_output_signal = padded_output_waveform[:, :, i_sample : i_sample + n_order]
        o0 -= (windowed_output_signal.transpose(0, 1) @ a_coeffs_flipped)[..., 0].t()
        padded_output_waveform[:, :, i_sample + n_order - 1] = o0


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.register_buffer("a_coeffs", torch.tensor([[1.0, -0.5, 0.2]]))
        self.register_buffer("b_coeffs", torch.tensor([[0.3, 0.2, 0.1]]))

    def forward(self, waveform):
        n_batch, n_channel, n_sample = waveform.shape
        n_order = self.a_coeffs.size(1)
        padded_waveform = F.pad(waveform, [n_order - 1, 0])
        padded_output_waveform = torch.zeros_like(padded_waveform)
        a_coeffs_flipped = self.a_coeffs.flip(1)
        b_coeffs_flipped = self.b_coeffs.flip(1)
        input_signal_windows = F.conv1d(padded_waveform, b_coeffs_flipped.unsqueeze(1), groups=n_channel)
        input_signal_windows = input_signal_windows.div(self.a_coeffs[:, :1])
        a_coeffs_flipped = a_coeffs_flipped.div(self.a_coeffs[:, :1])
        _lfilter_core_generic_loop(input_signal_windows, a_coeffs_flipped, padded_output_waveform)
        return padded_output_waveform[:, :, n_order - 1 :]


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 1, 9),), (torch.randn(3, 1, 14),), (torch.randn(1, 1, 5),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC},)
