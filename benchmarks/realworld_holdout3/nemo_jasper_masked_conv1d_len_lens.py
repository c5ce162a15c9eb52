# Source: NVIDIA/NeMo nemo/collections/asr/parts/submodules/jasper.py (MaskedConv1d.forward and
#   get_seq_len, NeMo 1.x; the same class is copied in many QuartzNet/Jasper ports found by the
#   code search): `def get_seq_len(self, lens): return (lens + 2 * self.conv.padding[0] -
#   self.conv.dilation[0] * (self.conv.kernel_size[0] - 1) - 1) // self.conv.stride[0] + 1`;
#   `def forward(self, x, lens): if self.use_mask: lens = lens.to(dtype=torch.long); max_len =
#   x.size(2); mask = torch.arange(max_len).to(lens.device).expand(len(lens), max_len) >=
#   lens.unsqueeze(1); x = x.masked_fill(mask.unsqueeze(1).to(device=x.device), 0); lens =
#   self.get_seq_len(lens)`, `out = self.conv(x)`, `return out, lens`.
# What fails: `len(lens)` turns the dynamic batch size into a Python int: the mask is expanded to
#   the traced batch size.
# Measured (torch 2.13, verification worker): export: UserError: Constraints violated (b)! You
#   marked b as dynamic but your code specialized it to be a constant (2).
import torch
from torch import nn
from torch.export import Dim


class MaskedConv1d(nn.Module):
    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, use_mask=True):
        super().__init__()
        self.conv = nn.Conv1d(in_channels, out_channels, kernel_size, stride=stride, padding=padding, dilation=dilation)
        self.use_mask = use_mask

    def get_seq_len(self, lens):
        return (lens + 2 * self.conv.padding[0] - self.conv.dilation[0] * (self.conv.kernel_size[0] - 1) - 1) // self.conv.stride[0] + 1

    def forward(self, x, lens):
        if self.use_mask:
            lens = lens.to(dtype=torch.long)
            max_len = x.size(2)
            mask = torch.arange(max_len).to(lens.device).expand(len(lens), max_len) >= lens.unsqueeze(1)  # expect: EXL303
            x = x.masked_fill(mask.unsqueeze(1).to(device=x.device), 0)
            lens = self.get_seq_len(lens)
        out = self.conv(x)
        return out, lens


class Model(nn.Module):
    def __init__(self, feat_in=4, filters=6):
        super().__init__()
        self.conv1 = MaskedConv1d(feat_in, filters, 3, stride=2, padding=1)
        self.conv2 = MaskedConv1d(filters, filters, 3, padding=1)

    def forward(self, audio_signal, length):
        x, lens = self.conv1(audio_signal, length)
        x, lens = self.conv2(torch.relu(x), lens)
        return x, lens


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 4, 12), torch.tensor([12, 7])),
    (torch.randn(3, 4, 17), torch.tensor([17, 9, 4])),
    (torch.randn(4, 4, 9), torch.tensor([9, 9, 5, 2])),
]
b = Dim("b")
dynamic_shapes = ({0: b, 2: Dim.DYNAMIC}, {0: b})
