# Source: facebookresearch/demucs demucs/utils.py (center_trim) as used by the v2 Demucs decoder
#   (`x = x + center_trim(skip, x)`): `ref_size = reference.size(-1)` (or an int), `delta =
#   tensor.size(-1) - ref_size`, `if delta < 0: raise ValueError(...)`, `if delta: tensor =
#   tensor[..., delta // 2:-(delta - delta // 2)]`.
# What fails: `if delta:` tests a difference of two dynamic sizes (here the parity of the input
#   length, lost by the strided conv): export keeps the branch taken for the traced length.
import torch
from torch import nn
from torch.export import Dim


def center_trim(tensor, reference):
    ref_size = reference.size(-1)
    delta = tensor.size(-1) - ref_size
    if delta < 0:
        raise ValueError(f"tensor must be larger than reference. Delta is {delta}.")
    if delta:  # expect: EXL102
        tensor = tensor[..., delta // 2 : -(delta - delta // 2)]
    return tensor


class Model(nn.Module):
    def __init__(self, channels=4):
        super().__init__()
        self.encode = nn.Conv1d(1, channels, 4, stride=2)
        self.decode = nn.ConvTranspose1d(channels, 1, 4, stride=2)

    def forward(self, mix):
        skip = self.encode(mix)
        x = self.decode(torch.relu(skip))
        return x + center_trim(mix, x)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 1, 12),), (torch.randn(1, 1, 17),), (torch.randn(3, 1, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC},)
