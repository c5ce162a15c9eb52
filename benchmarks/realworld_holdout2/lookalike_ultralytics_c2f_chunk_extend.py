# Source: ultralytics/ultralytics ultralytics/nn/modules/block.py (C2f.forward and Bottleneck,
#   paraphrased): `y = list(self.cv1(x).chunk(2, 1))`, `y.extend(m(y[-1]) for m in self.m)`,
#   `return self.cv2(torch.cat(y, 1))`; `Bottleneck.forward: return x + self.cv2(self.cv1(x)) if
#   self.add else self.cv2(self.cv1(x))`; and ultralytics/utils/ops.py (xywh2xyxy): `assert
#   x.shape[-1] == 4, f"input shape last dimension expected 4 but input shape is {x.shape}"`, `y =
#   torch.empty_like(x)`, `xy = x[..., :2]; wh = x[..., 2:] / 2`, `y[..., :2] = xy - wh; y[...,
#   2:] = xy + wh`.
# Look-alike: `list(...)` of a chunk and a generator over `self.m` look like loops over tensors,
#   but `chunk(2, 1)` always gives two pieces and `self.m` is a ModuleList; the `assert` tests a
#   static dimension and the conditional expression a constructor flag: exports and matches eager.
import torch
from torch import nn
from torch.export import Dim


def xywh2xyxy(x):
    assert x.shape[-1] == 4, f"input shape last dimension expected 4 but input shape is {x.shape}"
    y = torch.empty_like(x)
    xy = x[..., :2]
    wh = x[..., 2:] / 2
    y[..., :2] = xy - wh
    y[..., 2:] = xy + wh
    return y


class Bottleneck(nn.Module):
    def __init__(self, c, shortcut=True):
        super().__init__()
        self.cv1 = nn.Conv2d(c, c, 3, padding=1)
        self.cv2 = nn.Conv2d(c, c, 3, padding=1)
        self.add = shortcut

    def forward(self, x):
        return x + self.cv2(self.cv1(x)) if self.add else self.cv2(self.cv1(x))


class Model(nn.Module):
    def __init__(self, c1=4, c2=8, n=2):
        super().__init__()
        self.c = c2 // 2
        self.cv1 = nn.Conv2d(c1, 2 * self.c, 1)
        self.cv2 = nn.Conv2d((2 + n) * self.c, c2, 1)
        self.m = nn.ModuleList(Bottleneck(self.c) for _ in range(n))
        self.box = nn.Conv2d(c2, 4, 1)

    def forward(self, x):
        y = list(self.cv1(x).chunk(2, 1))
        y.extend(m(y[-1]) for m in self.m)
        feats = self.cv2(torch.cat(y, 1))
        return xywh2xyxy(self.box(feats).flatten(2).transpose(1, 2))


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 4, 8, 8),), (torch.randn(3, 4, 6, 10),), (torch.randn(1, 4, 13, 7),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
