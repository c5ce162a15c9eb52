# Source: SeanNaren/deepspeech.pytorch deepspeech_pytorch/model.py (MaskConv.forward,
#   paraphrased): `for module in self.seq_module: x = module(x); mask = torch.BoolTensor(x.size()).
#   fill_(0); if x.is_cuda: mask = mask.cuda(); for i, length in enumerate(lengths): length =
#   length.item(); if (mask[i].size(2) - length) > 0: mask[i].narrow(2, length, mask[i].size(2) -
#   length).fill_(1); x = x.masked_fill(mask, 0)`, `return x, lengths`.
# What fails: the padding mask is built in a Python loop over the utterances (the dynamic batch),
#   with each length read by `.item()` and tested in Python.
import torch
from torch import nn
from torch.export import Dim


class MaskConv(nn.Module):
    def __init__(self, seq_module):
        super().__init__()
        self.seq_module = seq_module

    def forward(self, x, lengths):
        for module in self.seq_module:
            x = module(x)
            mask = torch.zeros(x.size(), dtype=torch.bool)
            for i, length in enumerate(lengths):  # expect: EXL401
                length = length.item()
                if (mask[i].size(2) - length) > 0:  # expect: EXL101
                    mask[i].narrow(2, length, mask[i].size(2) - length).fill_(1)
            x = x.masked_fill(mask, 0)
        return x, lengths


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = MaskConv(nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.Hardtanh(0, 20), nn.Conv2d(4, 4, 3, padding=1)))
        self.fc = nn.Linear(4 * 6, 5)

    def forward(self, spect, lengths):
        x, _ = self.conv(spect, lengths)
        b, c, f, t = x.shape
        return self.fc(x.reshape(b, c * f, t).transpose(1, 2))


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 1, 6, 9), torch.tensor([9, 5])),
    (torch.randn(3, 1, 6, 12), torch.tensor([12, 7, 3])),
    (torch.randn(4, 1, 6, 7), torch.tensor([7, 7, 2, 6])),
]
b = Dim("batch")
dynamic_shapes = ({0: b, 3: Dim.DYNAMIC}, {0: b})
