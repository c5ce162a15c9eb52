"""DeepSpeech2's MaskConv: after each convolution, zero the time steps past each utterance's
length. The mask is built row by row (`length.item()`, `narrow(...).fill_(1)`), which export
unrolls for the traced batch."""

import torch
from torch.export import Dim


class MaskConv(torch.nn.Module):
    def __init__(self, seq_module):
        super().__init__()
        self.seq_module = seq_module

    def forward(self, x, lengths):
        for module in self.seq_module:
            x = module(x)
            mask = torch.BoolTensor(x.size()).fill_(0)
            if x.is_cuda:
                mask = mask.cuda()
            for i, length in enumerate(lengths):
                length = length.item()
                if (mask[i].size(2) - length) > 0:
                    mask[i].narrow(2, length, mask[i].size(2) - length).fill_(1)
            x = x.masked_fill(mask, 0)
        return x, lengths


class Model(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = MaskConv(
            torch.nn.Sequential(
                torch.nn.Conv2d(1, 4, kernel_size=3, padding=1),
                torch.nn.BatchNorm2d(4),
                torch.nn.Hardtanh(0, 20, inplace=True),
            )
        )

    def forward(self, spect, lengths):
        x, _ = self.conv(spect, lengths)
        return x.sum(2)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 1, 5, 9), torch.tensor([9, 6])),
    (torch.randn(3, 1, 5, 12), torch.tensor([7, 12, 4])),
]
batch = Dim("batch")
dynamic_shapes = ({0: batch, 3: Dim.DYNAMIC}, {0: batch})
