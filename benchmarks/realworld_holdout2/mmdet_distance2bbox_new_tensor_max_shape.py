# Source: open-mmlab/mmdetection mmdet/structures/bbox/transforms.py (distance2bbox,
#   paraphrased): `x1 = points[..., 0] - distance[..., 0]`, ..., `bboxes = torch.stack([x1, y1, x2,
#   y2], -1)`, `if max_shape is not None: if bboxes.dim() == 2 and not torch.onnx.is_in_onnx_export():
#   bboxes[:, 0::2].clamp_(min=0, max=max_shape[1]); bboxes[:, 1::2].clamp_(min=0,
#   max=max_shape[0]); return bboxes; ... if not isinstance(max_shape, torch.Tensor): max_shape =
#   x1.new_tensor(max_shape)`, `max_shape = max_shape[..., :2].type_as(x1)`, `max_xy =
#   torch.cat([max_shape, max_shape], dim=-1).flip(-1).unsqueeze(-2)`, `bboxes =
#   torch.where(bboxes < min_xy, min_xy, bboxes)`, `bboxes = torch.where(bboxes > max_xy, max_xy,
#   bboxes)`; the head passes `max_shape=img_meta['img_shape']` (the batched path is used here).
# What fails: `new_tensor` of the image size (a tuple of dynamic sizes) turns the sizes into
#   constant tensor data: export specialises the image height and width.
import torch
from torch import nn
from torch.export import Dim


def distance2bbox(points, distance, max_shape=None):
    x1 = points[..., 0] - distance[..., 0]
    y1 = points[..., 1] - distance[..., 1]
    x2 = points[..., 0] + distance[..., 2]
    y2 = points[..., 1] + distance[..., 3]
    bboxes = torch.stack([x1, y1, x2, y2], -1)
    if max_shape is not None:
        if not isinstance(max_shape, torch.Tensor):
            max_shape = x1.new_tensor(max_shape)  # expect: EXL301
        max_shape = max_shape[..., :2].type_as(x1)
        min_xy = x1.new_tensor(0)
        max_xy = torch.cat([max_shape, max_shape], dim=-1).flip(-1).unsqueeze(-2)
        bboxes = torch.where(bboxes < min_xy, min_xy, bboxes)
        bboxes = torch.where(bboxes > max_xy, max_xy, bboxes)
    return bboxes


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.reg = nn.Conv2d(3, 4, 1)

    def forward(self, image):
        b, _, h, w = image.shape
        distance = self.reg(image).exp().flatten(2).transpose(1, 2) * 4
        ys, xs = torch.meshgrid(torch.arange(h, dtype=torch.float32), torch.arange(w, dtype=torch.float32), indexing="ij")
        points = torch.stack([xs, ys], -1).view(1, -1, 2).expand(b, -1, -1)
        return distance2bbox(points, distance, max_shape=(h, w))


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 3, 8, 10),), (torch.randn(3, 3, 12, 6),), (torch.randn(1, 3, 9, 9),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
