import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    """Average pooling of a waveform in windows of `hop` samples (a feature extractor's
    framing): `x[..., : n // hop * hop]` written inline, and `hop * (n // hop)` on a second
    input. Both bounds equal the axis only on multiples: export guards on it."""

    def __init__(self, hop=4):
        super().__init__()
        self.hop = hop

    def forward(self, wave, mask):
        n = wave.shape[-1]
        frames = wave[..., : n // self.hop * self.hop]  # expect: EXL102
        mask = mask[:, : self.hop * (mask.shape[1] // self.hop)]  # expect: EXL102
        pooled = frames.unflatten(-1, (-1, self.hop)).mean(-1)
        return pooled * mask.unflatten(-1, (-1, self.hop)).float().mean(-1)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 12), torch.ones(2, 12, dtype=torch.bool)),
    (torch.randn(3, 14), torch.ones(3, 14, dtype=torch.bool)),
    (torch.randn(1, 9), torch.ones(1, 9, dtype=torch.bool)),
]
# At least two windows (`min=8`): export assumes the pooled axis (`n // 4` windows) is not 0
# or 1, and with a named Dim it refuses a range that allows it once no other guard hides it.
n = Dim("n", min=8)
dynamic_shapes = ({0: Dim("b"), 1: n}, {0: Dim("b"), 1: n})
