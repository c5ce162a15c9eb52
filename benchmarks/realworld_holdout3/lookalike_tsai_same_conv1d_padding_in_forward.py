# Source: timeseriesAI/tsai tsai/models/layers.py (same_padding1d, Pad1d, SameConv1d; used by
#   Conv1d(..., padding='same') in InceptionTime-style models): `def same_padding1d(seq_len, ks,
#   stride=1, dilation=1): "Same padding formula as used in Tensorflow"; p = (seq_len - 1) * stride
#   + (ks - 1) * dilation + 1 - seq_len; return p // 2, p - p // 2`; `class Pad1d(nn.ConstantPad1d):
#   def __init__(self, padding, value=0.): super().__init__(padding, value)`; `class
#   SameConv1d(Module): def __init__(self, ni, nf, ks=3, stride=1, dilation=1, **kwargs): self.ks,
#   self.stride, self.dilation = ks, stride, dilation; self.conv1d_same = nn.Conv1d(ni, nf, ks,
#   stride=stride, dilation=dilation, **kwargs); ...; self.pad = Pad1d`; `def forward(self, x):
#   self.padding = same_padding1d(x.shape[-1], self.ks, dilation=self.dilation) #stride=self.stride
#   not used in padding calculation!; return self.conv1d_same(self.pad(self.padding)(x))`.
# Look-alike: the padding is computed from the dynamic length in every forward, stored on the
#   module and used to build a pad layer on the fly; the arithmetic cancels the length
#   (`(L - 1) + (ks - 1) * d + 1 - L`), and `F.pad` takes symbolic sizes anyway: exports, converts
#   and matches eager on unseen lengths.
import torch
from torch import nn
from torch.export import Dim


def same_padding1d(seq_len, ks, stride=1, dilation=1):
    p = (seq_len - 1) * stride + (ks - 1) * dilation + 1 - seq_len
    return p // 2, p - p // 2


class Pad1d(nn.ConstantPad1d):
    def __init__(self, padding, value=0.0):
        super().__init__(padding, value)


class SameConv1d(nn.Module):
    def __init__(self, ni, nf, ks=3, stride=1, dilation=1, **kwargs):
        super().__init__()
        self.ks, self.stride, self.dilation = ks, stride, dilation
        self.conv1d_same = nn.Conv1d(ni, nf, ks, stride=stride, dilation=dilation, **kwargs)
        self.weight = self.conv1d_same.weight
        self.bias = self.conv1d_same.bias
        self.pad = Pad1d

    def forward(self, x):
        self.padding = same_padding1d(x.shape[-1], self.ks, dilation=self.dilation)
        return self.conv1d_same(self.pad(self.padding)(x))


class Model(nn.Module):
    def __init__(self, c_in=3, nf=4):
        super().__init__()
        self.convs = nn.ModuleList([SameConv1d(c_in, nf, ks) for ks in (8, 5, 3)])
        self.gap = nn.AdaptiveAvgPool1d(1)
        self.fc = nn.Linear(3 * nf, 2)

    def forward(self, x):
        x = torch.cat([conv(x) for conv in self.convs], dim=1)
        return self.fc(self.gap(torch.relu(x)).squeeze(-1))


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 3, 20),), (torch.randn(4, 3, 33),), (torch.randn(3, 3, 12),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC},)
