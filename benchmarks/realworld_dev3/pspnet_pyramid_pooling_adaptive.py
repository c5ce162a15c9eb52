# Source: hszhao/semseg model/pspnet.py (PPM.forward): `self.features.append(nn.Sequential(
#   nn.AdaptiveAvgPool2d(bin), nn.Conv2d(in_dim, reduction_dim, kernel_size=1, bias=False),
#   nn.BatchNorm2d(reduction_dim), nn.ReLU(inplace=True)))` for `bins=(1, 2, 3, 6)`, `x_size =
#   x.size()`, `out = [x]`, `for f in self.features: out.append(F.interpolate(f(x), x_size[2:],
#   mode='bilinear', align_corners=True))`, `return torch.cat(out, 1)`.
# What fails: adaptive average pooling to a fixed bin count from a dynamic height and width has
#   no ONNX translation (the pooling windows depend on the size).
import torch
import torch.nn.functional as F
from torch import nn
from torch.export import Dim


class PPM(nn.Module):
    def __init__(self, in_dim, reduction_dim, bins):
        super().__init__()
        self.features = []
        for bin in bins:
            self.features.append(nn.Sequential(
                nn.AdaptiveAvgPool2d(bin),  # expect: NONE-adaptive-pool-onnx
                nn.Conv2d(in_dim, reduction_dim, kernel_size=1, bias=False),
                nn.BatchNorm2d(reduction_dim),
                nn.ReLU(inplace=True),
            ))
        self.features = nn.ModuleList(self.features)

    def forward(self, x):
        x_size = x.size()
        out = [x]
        for f in self.features:
            out.append(F.interpolate(f(x), x_size[2:], mode="bilinear", align_corners=True))
        return torch.cat(out, 1)


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.layer = nn.Conv2d(3, 8, 3, padding=1)
        self.ppm = PPM(8, 2, (1, 2, 3, 6))

    def forward(self, x):
        return self.ppm(self.layer(x))


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 3, 12, 12),), (torch.randn(1, 3, 7, 10),), (torch.randn(3, 3, 13, 9),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
