# Source: dbolya/yolact layers/functions/detection.py (`fast_nms`: the IoU matrix of the
#   sorted boxes, `iou.triu_(diagonal=1)`, `iou_max, _ = iou.max(dim=1)`, keep
#   `iou_max <= iou_threshold`), the loop-free alternative to the `while order.numel() > 0` NMS.
# Look-alike of nms_while_numel.py: tensor ops only; exports and matches eager.
import torch
from torch import nn
from torch.export import Dim


def box_iou(a, b):
    area_a = (a[:, 2] - a[:, 0]) * (a[:, 3] - a[:, 1])
    area_b = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
    lt = torch.max(a[:, None, :2], b[None, :, :2])
    rb = torch.min(a[:, None, 2:], b[None, :, 2:])
    inter = (rb - lt).clamp(min=0).prod(dim=2)
    return inter / (area_a[:, None] + area_b[None, :] - inter)


class Model(nn.Module):
    def __init__(self, threshold=0.5):
        super().__init__()
        self.threshold = threshold

    def forward(self, boxes, scores):
        scores, order = scores.sort(0, descending=True)
        boxes = boxes[order]
        iou = box_iou(boxes, boxes).triu(diagonal=1)
        iou_max, _ = iou.max(dim=0)
        keep = iou_max <= self.threshold
        return scores * keep, boxes * keep[:, None]


def _boxes(n, seed):
    g = torch.Generator().manual_seed(seed)
    xy = torch.rand(n, 2, generator=g) * 20
    wh = torch.rand(n, 2, generator=g) * 10 + 1
    return torch.cat([xy, xy + wh], dim=1), torch.rand(n, generator=g)


example_inputs = [_boxes(8, 0), _boxes(12, 1), _boxes(5, 2)]
dynamic_shapes = ({0: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
