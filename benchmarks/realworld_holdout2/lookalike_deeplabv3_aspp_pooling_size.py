# Source: pytorch/vision torchvision/models/segmentation/deeplabv3.py (ASPPPooling.forward and
#   ASPP.forward) and _utils.py (_SimpleSegmentationModel.forward), paraphrased: `size =
#   x.shape[-2:]`, `for mod in self: x = mod(x)`, `return F.interpolate(x, size=size,
#   mode="bilinear", align_corners=False)`; ASPP: `_res = []; for conv in self.convs:
#   _res.append(conv(x)); res = torch.cat(_res, dim=1); return self.project(res)`; model: `input_shape
#   = x.shape[-2:]`, `features = self.backbone(x)`, `x = features["out"]; x = self.classifier(x)`, `x
#   = F.interpolate(x, size=input_shape, mode="bilinear", align_corners=False)`, `if self.aux_classifier
#   is not None: ...`.
# Look-alike: global pooling then upsampling back to the dynamic feature size, loops over an
#   nn.Sequential and a ModuleList, and `is not None` on a submodule: exports and matches eager.
import torch
import torch.nn.functional as F
from torch import nn
from torch.export import Dim


class ASPPPooling(nn.Sequential):
    def __init__(self, in_channels, out_channels):
        super().__init__(nn.AdaptiveAvgPool2d(1), nn.Conv2d(in_channels, out_channels, 1, bias=False), nn.ReLU())

    def forward(self, x):
        size = x.shape[-2:]
        for mod in self:
            x = mod(x)
        return F.interpolate(x, size=size, mode="bilinear", align_corners=False)


class ASPP(nn.Module):
    def __init__(self, in_channels, out_channels=4, rates=(2, 3)):
        super().__init__()
        modules = [nn.Sequential(nn.Conv2d(in_channels, out_channels, 1, bias=False), nn.ReLU())]
        modules += [nn.Conv2d(in_channels, out_channels, 3, padding=r, dilation=r) for r in rates]
        modules.append(ASPPPooling(in_channels, out_channels))
        self.convs = nn.ModuleList(modules)
        self.project = nn.Conv2d(len(self.convs) * out_channels, out_channels, 1)

    def forward(self, x):
        _res = []
        for conv in self.convs:
            _res.append(conv(x))
        return self.project(torch.cat(_res, dim=1))


class Model(nn.Module):
    def __init__(self, classes=3):
        super().__init__()
        self.backbone = nn.Sequential(nn.Conv2d(3, 8, 3, stride=2, padding=1), nn.ReLU(), nn.Conv2d(8, 8, 3, stride=2, padding=1))
        self.classifier = nn.Sequential(ASPP(8), nn.Conv2d(4, classes, 1))
        self.aux_classifier = None

    def forward(self, x):
        input_shape = x.shape[-2:]
        features = {"out": self.backbone(x)}
        out = self.classifier(features["out"])
        out = F.interpolate(out, size=input_shape, mode="bilinear", align_corners=False)
        if self.aux_classifier is not None:
            out = out + self.aux_classifier(features["out"])
        return out


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 3, 32, 24),), (torch.randn(1, 3, 20, 36),), (torch.randn(3, 3, 27, 19),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
