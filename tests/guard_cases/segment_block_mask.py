"""Audio segments of two clips go through a strided conv; attention may only look inside its
own segment, built by a loop that fills one block of the mask per segment (from the segment
lengths turned into a tensor of offsets). The last input set has a clip whose conv output is a
single frame."""

import torch
from torch import nn
from torch.export import Dim


def block_mask(lengths, hidden):
    total = hidden.shape[1]
    mask = torch.full((total, total), float("-inf"), dtype=hidden.dtype)
    ends = torch.tensor(lengths).cumsum(-1)
    starts = torch.tensor([0, *lengths[:-1]]).cumsum(-1)
    for start, end in zip(starts, ends):
        mask[start:end, start:end] = 0
    return mask


class Model(nn.Module):
    def __init__(self, dim=6):
        super().__init__()
        self.conv = nn.Conv1d(2, dim, 2, stride=2)

    def forward(self, clip_a, clip_b):
        frames = [self.conv(c.unsqueeze(0)) for c in (clip_a, clip_b)]
        hidden = torch.cat(frames, dim=-1).transpose(1, 2)
        mask = block_mask([f.shape[-1] for f in frames], hidden)
        scores = hidden @ hidden.transpose(1, 2) + mask
        return scores.softmax(-1) @ hidden


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 8), torch.randn(2, 6)),
    (torch.randn(2, 10), torch.randn(2, 12)),
    (torch.randn(2, 6), torch.randn(2, 2)),
]
dynamic_shapes = ({1: Dim.DYNAMIC}, {1: Dim.DYNAMIC})
