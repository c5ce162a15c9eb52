# Source: isl-org/ZoeDepth zoedepth/utils/misc.py (`colorize`): `vmin = np.percentile(value[mask],
#   2)`, `vmax = np.percentile(value[mask], 85)`; the torch spelling used by depth heads and
#   Depth-Anything demos: `d_min = torch.quantile(depth.flatten(1), 0.02, dim=1)`, `d_max =
#   torch.quantile(depth.flatten(1), 0.98, dim=1)`, `depth = (depth - d_min) / (d_max - d_min)`.
# Look-alike (measured on torch 2.13: exports, converts and matches eager on unseen sizes; the
#   failure one would expect does not happen). The expected failure was: `torch.quantile` sorts and interpolates; it has no ONNX translation.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.head = nn.Conv2d(3, 1, 3, padding=1)

    def forward(self, x):
        depth = self.head(x).relu()
        flat = depth.flatten(1)
        d_min = torch.quantile(flat, 0.02, dim=1)
        d_max = torch.quantile(flat, 0.98, dim=1)
        return (depth - d_min[:, None, None, None]) / (d_max - d_min + 1e-6)[:, None, None, None]


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 3, 8, 8),), (torch.randn(1, 3, 6, 10),), (torch.randn(3, 3, 9, 7),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
