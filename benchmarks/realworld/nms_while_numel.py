# Source: dongdonghy/Detection-PyTorch-Notebook chapter8/nms.py (a hand-written NMS, the kind
#   torchvision.ops.nms replaces): `while order.numel() > 0:`, `i = order[0].item()`,
#   `keep.append(i)`, `if idx.numel() == 0: break`, `order = order[idx + 1]`.
# What fails: the `while` runs on the number of remaining boxes, which after the first
#   iteration is data-dependent; export raises GuardOnDataDependentSymNode.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, threshold=0.5):
        super().__init__()
        self.threshold = threshold

    def forward(self, bboxes, scores):
        x1, y1, x2, y2 = bboxes[:, 0], bboxes[:, 1], bboxes[:, 2], bboxes[:, 3]
        areas = (x2 - x1 + 1) * (y2 - y1 + 1)
        _, order = scores.sort(0, descending=True)
        keep = []
        while order.numel() > 0:  # expect: EXL102
            i = order[0]
            keep.append(i)
            if order.numel() == 1:  # expect: EXL102
                break
            rest = order[1:]
            xx1 = x1[rest].clamp(min=x1[i])
            yy1 = y1[rest].clamp(min=y1[i])
            xx2 = x2[rest].clamp(max=x2[i])
            yy2 = y2[rest].clamp(max=y2[i])
            inter = (xx2 - xx1).clamp(min=0) * (yy2 - yy1).clamp(min=0)
            iou = inter / (areas[i] + areas[rest] - inter)
            idx = (iou <= self.threshold).nonzero().squeeze(1)
            if idx.numel() == 0:  # expect: EXL101
                break
            order = order[idx + 1]
        return torch.stack(keep)


def _boxes(n, seed):
    g = torch.Generator().manual_seed(seed)
    xy = torch.rand(n, 2, generator=g) * 20
    wh = torch.rand(n, 2, generator=g) * 10 + 1
    return torch.cat([xy, xy + wh], dim=1), torch.rand(n, generator=g)


example_inputs = [_boxes(8, 0), _boxes(12, 1), _boxes(5, 2)]
dynamic_shapes = ({0: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
