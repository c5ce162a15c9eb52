# Source: audio framing in codec/vocoder front ends (`wav = wav[..., : wav.shape[-1] //
#   hop_length * hop_length]` before `unfold`/reshape into frames, e.g. the frame helpers of
#   torchaudio recipes and descript-audio-codec style preprocessing).
# What fails: the inline `n // hop * hop` bound equals the axis only on multiples: export guards
#   on it (`Guard failed: x.size()[1] == 4 * (x.size()[1] // 4)`) and other lengths fail.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, hop_length=4):
        super().__init__()
        self.hop_length = hop_length
        self.frame_proj = nn.Linear(hop_length, 2)

    def forward(self, wav):
        wav = wav[..., : wav.shape[-1] // self.hop_length * self.hop_length]  # expect: EXL102
        frames = wav.unflatten(-1, (-1, self.hop_length))
        return self.frame_proj(frames)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 12),), (torch.randn(3, 14),), (torch.randn(1, 9),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
