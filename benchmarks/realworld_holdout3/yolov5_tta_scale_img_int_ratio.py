# Source: ultralytics/yolov5 models/yolo.py (DetectionModel._forward_augment and _descale_pred,
#   v7.0) and utils/torch_utils.py (scale_img), paraphrased: `img_size = x.shape[-2:]  # height,
#   width`, `s = [1, 0.83, 0.67]  # scales`, `f = [None, 3, None]  # flips (2-ud, 3-lr)`, `for si, fi in
#   zip(s, f): xi = scale_img(x.flip(fi) if fi else x, si, gs=int(self.stride.max())); yi =
#   self._forward_once(xi)[0]; yi = self._descale_pred(yi, fi, si, img_size); y.append(yi)`, `return
#   torch.cat(y, 1), None`; scale_img: `if ratio == 1.0: return img`, `h, w = img.shape[2:]`, `s =
#   (int(h * ratio), int(w * ratio))  # new size`, `img = F.interpolate(img, size=s, mode='bilinear',
#   align_corners=False)  # resize`, `if not same_shape: h, w = (math.ceil(x * ratio / gs) * gs for x
#   in (h, w))`, `return F.pad(img, [0, w - s[1], 0, h - s[0]], value=0.447)  # value = imagenet
#   mean`; _descale_pred (inplace): `p[..., :4] /= scale`, `if flips == 3: p[..., 0] = img_size[1] -
#   p[..., 0]`.
# What fails: the grid size is read out of the model's stride tensor with `int(...max())` (a
#   plain tensor attribute, as in yolov5: export makes it an unbacked value, "Could not guard on
#   data-dependent expression"), and test-time augmentation resizes the image by 0.83 and 0.67
#   with `int(h * ratio)`: `int()` of float arithmetic on a dynamic size.
import math

import torch
import torch.nn.functional as F
from torch import nn
from torch.export import Dim


def scale_img(img, ratio=1.0, same_shape=False, gs=32):
    if ratio == 1.0:
        return img
    h, w = img.shape[2:]
    s = (int(h * ratio), int(w * ratio))  # expect: EXL301
    img = F.interpolate(img, size=s, mode="bilinear", align_corners=False)
    if not same_shape:
        h, w = (math.ceil(x * ratio / gs) * gs for x in (h, w))
    return F.pad(img, [0, w - s[1], 0, h - s[0]], value=0.447)


class Model(nn.Module):
    def __init__(self, no=6):
        super().__init__()
        self.stride = torch.tensor([8.0])
        self.body = nn.Conv2d(3, no, 8, stride=8)
        self.no = no

    def _forward_once(self, x):
        p = self.body(x)
        b = p.shape[0]
        grid_y, grid_x = torch.meshgrid(torch.arange(p.shape[2]), torch.arange(p.shape[3]), indexing="ij")
        p = p.permute(0, 2, 3, 1).reshape(b, -1, self.no).sigmoid()
        xy = (p[..., :2] * 2 - 0.5 + torch.stack((grid_x, grid_y), -1).reshape(1, -1, 2)) * 8
        return (torch.cat((xy, p[..., 2:4] * 64, p[..., 4:]), -1),)

    def _descale_pred(self, p, flips, scale, img_size):
        p[..., :4] /= scale
        if flips == 2:
            p[..., 1] = img_size[0] - p[..., 1]
        elif flips == 3:
            p[..., 0] = img_size[1] - p[..., 0]
        return p

    def forward(self, x):
        img_size = x.shape[-2:]
        s = [1, 0.83, 0.67]
        f = [None, 3, None]
        y = []
        for si, fi in zip(s, f):
            xi = scale_img(x.flip(fi) if fi else x, si, gs=int(self.stride.max()))  # expect: EXL201
            yi = self._forward_once(xi)[0]
            yi = self._descale_pred(yi, fi, si, img_size)
            y.append(yi)
        return torch.cat(y, 1)


torch.manual_seed(0)
example_inputs = [(torch.rand(2, 3, 64, 96),), (torch.rand(1, 3, 96, 64),), (torch.rand(3, 3, 128, 80),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim("h", min=2, max=64) * 32, 3: Dim("w", min=2, max=64) * 32},)
