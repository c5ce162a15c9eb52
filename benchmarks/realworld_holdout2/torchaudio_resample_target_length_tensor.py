# Source: pytorch/audio src/torchaudio/functional/functional.py (_apply_sinc_resample_kernel,
#   torchaudio 0.13-era, paraphrased): `num_wavs, length = waveform.shape`, `waveform =
#   torch.nn.functional.pad(waveform, (width, width + orig_freq))`, `resampled =
#   torch.nn.functional.conv1d(waveform[:, None], kernel, stride=orig_freq)`,
#   `resampled = resampled.transpose(1, 2).reshape(num_wavs, -1)`, `target_length =
#   torch.ceil(torch.as_tensor(new_freq * length / orig_freq)).long()`,
#   `resampled = resampled[..., :target_length]`.
# What fails: the output length is turned into a tensor (`torch.as_tensor` of a size
#   expression) and then used as a slice bound: the size is frozen at the traced length.
import math

import torch
from torch import nn
from torch.export import Dim


def _sinc_kernel(orig_freq, new_freq, width_zeros=6, rolloff=0.99):
    base_freq = min(orig_freq, new_freq) * rolloff
    width = math.ceil(width_zeros * orig_freq / base_freq)
    idx = torch.arange(-width, width + orig_freq, dtype=torch.float64)[None, None] / orig_freq
    t = torch.arange(0, -new_freq, -1, dtype=torch.float64)[:, None, None] / new_freq + idx
    t = (t * base_freq).clamp(-width_zeros, width_zeros)
    window = torch.cos(t * math.pi / width_zeros / 2) ** 2
    t = t * math.pi
    scale = base_freq / orig_freq
    kernels = torch.where(t == 0, torch.tensor(1.0).to(t), t.sin() / t)
    return (kernels * window * scale).to(torch.float32), width


def _apply_sinc_resample_kernel(waveform, orig_freq, new_freq, kernel, width):
    num_wavs, length = waveform.shape
    waveform = torch.nn.functional.pad(waveform, (width, width + orig_freq))
    resampled = torch.nn.functional.conv1d(waveform[:, None], kernel, stride=orig_freq)
    resampled = resampled.transpose(1, 2).reshape(num_wavs, -1)
    target_length = torch.ceil(torch.as_tensor(new_freq * length / orig_freq)).long()  # expect: EXL301
    return resampled[..., :target_length]


class Model(nn.Module):
    def __init__(self, orig_freq=3, new_freq=2):
        super().__init__()
        self.orig_freq, self.new_freq = orig_freq, new_freq
        kernel, self.width = _sinc_kernel(orig_freq, new_freq)
        self.register_buffer("kernel", kernel)

    def forward(self, waveform):
        return _apply_sinc_resample_kernel(waveform, self.orig_freq, self.new_freq, self.kernel, self.width)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 60),), (torch.randn(3, 47),), (torch.randn(1, 100),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
