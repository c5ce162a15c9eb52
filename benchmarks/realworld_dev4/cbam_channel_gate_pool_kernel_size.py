# Source: Jongchan/attention-module MODELS/cbam.py (ChannelGate.forward): `avg_pool =
#   F.avg_pool2d(x, (x.size(2), x.size(3)), stride=(x.size(2), x.size(3)))`, `channel_att_raw =
#   self.mlp(avg_pool)`, `max_pool = F.max_pool2d(x, (x.size(2), x.size(3)), stride=(x.size(2),
#   x.size(3)))`, `scale = torch.sigmoid(channel_att_sum).unsqueeze(2).unsqueeze(3).expand_as(x)`.
# What fails: a pooling kernel that is the input's own height and width is an int list in the
#   aten signature, so torch.export specialises the dynamic height and width.
import torch
import torch.nn.functional as F
from torch import nn
from torch.export import Dim


class ChannelGate(nn.Module):
    def __init__(self, gate_channels=8, reduction_ratio=2):
        super().__init__()
        self.mlp = nn.Sequential(
            nn.Flatten(),
            nn.Linear(gate_channels, gate_channels // reduction_ratio),
            nn.ReLU(),
            nn.Linear(gate_channels // reduction_ratio, gate_channels),
        )

    def forward(self, x):
        avg_pool = F.avg_pool2d(x, (x.size(2), x.size(3)), stride=(x.size(2), x.size(3)))  # expect: EXL304
        channel_att_sum = self.mlp(avg_pool)
        max_pool = F.max_pool2d(x, (x.size(2), x.size(3)), stride=(x.size(2), x.size(3)))  # expect: EXL304
        channel_att_sum = channel_att_sum + self.mlp(max_pool)
        scale = torch.sigmoid(channel_att_sum).unsqueeze(2).unsqueeze(3).expand_as(x)
        return x * scale


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3, padding=1)
        self.gate = ChannelGate()

    def forward(self, x):
        return self.gate(self.conv(x))


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 3, 12, 12),), (torch.randn(1, 3, 7, 10),), (torch.randn(3, 3, 13, 9),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
