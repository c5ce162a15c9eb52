# Source: openai/whisper whisper/audio.py (log_mel_spectrogram): `window =
#   torch.hann_window(N_FFT).to(audio.device)`, `stft = torch.stft(audio, N_FFT, HOP_LENGTH,
#   window=window, return_complex=True)`, `magnitudes = stft[..., :-1].abs() ** 2`, `mel_spec =
#   filters @ magnitudes`, `log_spec = torch.clamp(mel_spec, min=1e-10).log10()`, `log_spec =
#   torch.maximum(log_spec, log_spec.max() - 8.0)`, `log_spec = (log_spec + 4.0) / 4.0`.
# Look-alike: the complex STFT and its magnitude translate to ONNX (STFT, then abs of the
#   real/imaginary pair): exports and matches eager on unseen lengths.
import torch
from torch import nn
from torch.export import Dim

N_FFT = 16
HOP_LENGTH = 4


class Model(nn.Module):
    def __init__(self, n_mels=6):
        super().__init__()
        self.register_buffer("window", torch.hann_window(N_FFT))
        self.register_buffer("filters", torch.rand(n_mels, N_FFT // 2 + 1))

    def forward(self, audio):
        stft = torch.stft(audio, N_FFT, HOP_LENGTH, window=self.window, return_complex=True)
        magnitudes = stft[..., :-1].abs() ** 2
        mel_spec = self.filters @ magnitudes
        log_spec = torch.clamp(mel_spec, min=1e-10).log10()
        log_spec = torch.maximum(log_spec, log_spec.max() - 8.0)
        return (log_spec + 4.0) / 4.0


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 64),), (torch.randn(1, 80),), (torch.randn(3, 48),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
