# Source: pytorch/vision torchvision/ops/feature_pyramid_network.py (FeaturePyramidNetwork.forward,
#   paraphrased): `names = list(x.keys()); x = list(x.values())`, `last_inner =
#   self.get_result_from_inner_blocks(x[-1], -1)`, `results = []`,
#   `results.append(self.get_result_from_layer_blocks(last_inner, -1))`, `for idx in range(len(x) -
#   2, -1, -1): inner_lateral = self.get_result_from_inner_blocks(x[idx], idx); feat_shape =
#   inner_lateral.shape[-2:]; inner_top_down = F.interpolate(last_inner, size=feat_shape,
#   mode="nearest"); last_inner = inner_lateral + inner_top_down;
#   results.insert(0, self.get_result_from_layer_blocks(last_inner, idx))`; and
#   get_result_from_inner_blocks: `num_blocks = len(self.inner_blocks); if idx < 0: idx +=
#   num_blocks; out = x; for i, module in enumerate(self.inner_blocks): if i == idx: out =
#   module(x)`.
# Look-alike: loops over `range(len(x) - 2, -1, -1)` and `enumerate(self.inner_blocks)` look like
#   loops over data, but `x` is a Python list of pyramid levels (fixed length) and the blocks a
#   ModuleList; the interpolation size is a symbolic shape: exports and matches eager.
import torch
import torch.nn.functional as F
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, in_channels_list=(4, 8, 8), out_channels=4):
        super().__init__()
        self.body = nn.ModuleList(
            [nn.Conv2d(3, 4, 3, stride=2, padding=1), nn.Conv2d(4, 8, 3, stride=2, padding=1), nn.Conv2d(8, 8, 3, stride=2, padding=1)]
        )
        self.inner_blocks = nn.ModuleList(nn.Conv2d(c, out_channels, 1) for c in in_channels_list)
        self.layer_blocks = nn.ModuleList(nn.Conv2d(out_channels, out_channels, 3, padding=1) for _ in in_channels_list)

    def get_result_from_inner_blocks(self, x, idx):
        num_blocks = len(self.inner_blocks)
        if idx < 0:
            idx += num_blocks
        out = x
        for i, module in enumerate(self.inner_blocks):
            if i == idx:
                out = module(x)
        return out

    def get_result_from_layer_blocks(self, x, idx):
        num_blocks = len(self.layer_blocks)
        if idx < 0:
            idx += num_blocks
        out = x
        for i, module in enumerate(self.layer_blocks):
            if i == idx:
                out = module(x)
        return out

    def forward(self, image):
        x = []
        h = image
        for stage in self.body:
            h = stage(h)
            x.append(h)
        last_inner = self.get_result_from_inner_blocks(x[-1], -1)
        results = [self.get_result_from_layer_blocks(last_inner, -1)]
        for idx in range(len(x) - 2, -1, -1):
            inner_lateral = self.get_result_from_inner_blocks(x[idx], idx)
            feat_shape = inner_lateral.shape[-2:]
            inner_top_down = F.interpolate(last_inner, size=feat_shape, mode="nearest")
            last_inner = inner_lateral + inner_top_down
            results.insert(0, self.get_result_from_layer_blocks(last_inner, idx))
        return tuple(results)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 3, 32, 24),), (torch.randn(1, 3, 27, 40),), (torch.randn(3, 3, 16, 19),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
