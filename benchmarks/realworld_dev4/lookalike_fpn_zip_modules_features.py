# Source: pytorch/vision torchvision/ops/feature_pyramid_network.py (FeaturePyramidNetwork.forward):
#   `names = list(x.keys())`, `x = list(x.values())`, `last_inner = self.get_result_from_inner_blocks(x[-1], -1)`,
#   `for idx in range(len(x) - 2, -1, -1): inner_lateral = ...; feat_shape = inner_lateral.shape[-2:];
#   inner_top_down = F.interpolate(last_inner, size=feat_shape, mode="nearest")`; written with
#   `zip(self.inner_blocks, features)` over a Python list of feature maps.
# Look-alike: `zip` and `list` over a Python list of tensors (a fixed number of levels), not over
#   a tensor: exports with dynamic batch, height and width, and matches eager.
import torch
import torch.nn.functional as F
from torch import nn
from torch.export import Dim


class FPN(nn.Module):
    def __init__(self, in_channels=(4, 8), out_channels=4):
        super().__init__()
        self.inner_blocks = nn.ModuleList([nn.Conv2d(c, out_channels, 1) for c in in_channels])

    def forward(self, features):
        features = list(features)
        inners = [block(f) for block, f in zip(self.inner_blocks, features)]
        last_inner = inners[-1]
        results = [last_inner]
        for inner_lateral in reversed(inners[:-1]):
            feat_shape = inner_lateral.shape[-2:]
            last_inner = inner_lateral + F.interpolate(last_inner, size=feat_shape, mode="nearest")
            results.insert(0, last_inner)
        return tuple(results)


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(3, 4, 3, padding=1)
        self.c2 = nn.Conv2d(4, 8, 3, stride=2, padding=1)
        self.fpn = FPN()

    def forward(self, x):
        f1 = self.c1(x)
        f2 = self.c2(f1)
        return self.fpn([f1, f2])


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 3, 8, 8),), (torch.randn(1, 3, 12, 6),), (torch.randn(3, 3, 10, 14),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
