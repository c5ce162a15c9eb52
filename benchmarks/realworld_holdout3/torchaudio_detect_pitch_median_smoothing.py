# Source: pytorch/audio src/torchaudio/functional/functional.py (_median_smoothing, the last step
#   of detect_pitch_frequency after _find_max_per_frame; here the per-frame lag indices come from
#   a small conv head instead of the NCCF): `def _median_smoothing(indices: Tensor, win_length:
#   int) -> Tensor: pad_length = (win_length - 1) // 2; indices = torch.nn.functional.pad(indices,
#   (pad_length, 0), mode="constant", value=0.0); indices[..., :pad_length] = torch.cat(pad_length *
#   [indices[..., pad_length].unsqueeze(-1)], dim=-1); roll = indices.unfold(-1, win_length, 1);
#   values, _ = torch.median(roll, -1); return values`; in detect_pitch_frequency: `indices =
#   _find_max_per_frame(nccf, sample_rate, freq_high)`, `indices = _median_smoothing(indices,
#   win_length)`, `EPSILON = 10 ** (-9)`, `freq = sample_rate / (EPSILON + indices.to(torch.float))`.
# What fails: `torch.median` over the sliding windows: torch.export keeps aten.median, torch.onnx
#   has no translation for it.
# Measured (torch 2.13, verification worker): export succeeds; onnx: ConversionError:
#   DispatchError: No ONNX function found for <OpOverload(op='aten.median', overload='dim')>.
import torch
from torch import nn
from torch.export import Dim


def _median_smoothing(indices, win_length):
    pad_length = (win_length - 1) // 2
    indices = torch.nn.functional.pad(indices, (pad_length, 0), mode="constant", value=0.0)
    indices[..., :pad_length] = torch.cat(pad_length * [indices[..., pad_length].unsqueeze(-1)], dim=-1)
    roll = indices.unfold(-1, win_length, 1)
    values, _ = torch.median(roll, -1)  # expect: EXL404
    return values


class Model(nn.Module):
    def __init__(self, n_lags=6, frame=8, win_length=5, sample_rate=16000):
        super().__init__()
        self.frames = nn.Conv1d(1, n_lags, frame, stride=frame)
        self.win_length = win_length
        self.sample_rate = sample_rate

    def forward(self, waveform):
        nccf = self.frames(waveform.unsqueeze(1))
        indices = nccf.argmax(dim=1) + 20
        indices = _median_smoothing(indices, self.win_length)
        EPSILON = 10 ** (-9)
        return self.sample_rate / (EPSILON + indices.to(torch.float))


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 96),), (torch.randn(3, 160),), (torch.randn(2, 64),)]
f = Dim("f", min=4, max=512)
dynamic_shapes = ({0: Dim.DYNAMIC, 1: 8 * f},)
