# Source: pytorch/audio src/torchaudio/functional/functional.py (compute_deltas, as used by
#   torchaudio.transforms.ComputeDeltas after an MFCC front end): `device = specgram.device`,
#   `dtype = specgram.dtype`, `shape = specgram.size()`, `specgram = specgram.reshape(1, -1,
#   shape[-1])`, `assert win_length >= 3`, `n = (win_length - 1) // 2`, `denom = n * (n + 1) * (2 *
#   n + 1) / 3`, `specgram = torch.nn.functional.pad(specgram, (n, n), mode=mode)`, `kernel =
#   torch.arange(-n, n + 1, 1, device=device, dtype=dtype).repeat(specgram.shape[1], 1, 1)`,
#   `output = torch.nn.functional.conv1d(specgram, kernel, groups=specgram.shape[1]) / denom`,
#   `output = output.reshape(shape)`.
# What fails (written as a look-alike, reclassified by measurement): the kernel is repeated
#   `specgram.shape[1]` times and the convolution grouped by it, a size that holds the dynamic
#   batch (all rows are folded into one axis). torch.export keeps both symbolic and the exported
#   program is right, but torch.onnx cannot write a symbolic `group` attribute for Conv:
#   "ConversionError: TypeError: Unsupported attribute type: '<class
#   'torch.onnx._internal.exporter._tensors.SymbolicTensor'>'" (measured, torch 2.13).
import torch
from torch import nn
from torch.export import Dim


def compute_deltas(specgram, win_length=5, mode="replicate"):
    device = specgram.device
    dtype = specgram.dtype
    shape = specgram.size()
    specgram = specgram.reshape(1, -1, shape[-1])
    assert win_length >= 3
    n = (win_length - 1) // 2
    denom = n * (n + 1) * (2 * n + 1) / 3
    specgram = torch.nn.functional.pad(specgram, (n, n), mode=mode)
    kernel = torch.arange(-n, n + 1, 1, device=device, dtype=dtype).repeat(specgram.shape[1], 1, 1)
    output = torch.nn.functional.conv1d(specgram, kernel, groups=specgram.shape[1]) / denom  # expect: NONE-symbolic-onnx-attribute
    return output.reshape(shape)


class Model(nn.Module):
    def __init__(self, n_mfcc=5):
        super().__init__()
        self.proj = nn.Conv1d(n_mfcc * 3, 4, 1)

    def forward(self, mfcc):
        deltas = compute_deltas(mfcc)
        deltas2 = compute_deltas(deltas)
        return self.proj(torch.cat([mfcc, deltas, deltas2], dim=1))


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 5, 12),), (torch.randn(3, 5, 20),), (torch.randn(2, 5, 7),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC},)
