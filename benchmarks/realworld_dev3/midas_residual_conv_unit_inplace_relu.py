# Source: isl-org/MiDaS midas/blocks.py (ResidualConvUnit, used by FeatureFusionBlock and by
#   DPT-style depth heads): `self.relu = nn.ReLU(inplace=True)`, forward: `out = self.relu(x)`,
#   `out = self.conv1(out)`, `out = self.relu(out)`, `out = self.conv2(out)`, `return out + x`.
# What fails: the in-place ReLU is applied to the forward argument itself, so in eager mode the
#   caller's tensor is rectified in place (and the residual adds the rectified input); the
#   exported program and the ONNX model leave their input unchanged.
import torch
from torch import nn
from torch.export import Dim


class ResidualConvUnit(nn.Module):
    def __init__(self, features):
        super().__init__()
        self.conv1 = nn.Conv2d(features, features, kernel_size=3, stride=1, padding=1, bias=True)
        self.conv2 = nn.Conv2d(features, features, kernel_size=3, stride=1, padding=1, bias=True)
        self.relu = nn.ReLU(inplace=True)

    def forward(self, x):
        out = self.relu(x)  # expect: EXL501
        out = self.conv1(out)
        out = self.relu(out)
        out = self.conv2(out)
        return out + x


class Model(nn.Module):
    def __init__(self, features=4):
        super().__init__()
        self.resConfUnit = ResidualConvUnit(features)

    def forward(self, x):
        return self.resConfUnit(x)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 4, 8, 8),), (torch.randn(1, 4, 6, 10),), (torch.randn(3, 4, 5, 7),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
