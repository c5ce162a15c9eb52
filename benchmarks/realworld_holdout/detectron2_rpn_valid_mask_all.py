# Source: facebookresearch/detectron2 detectron2/modeling/proposal_generator/proposal_utils.py
#   (find_top_rpn_proposals): `valid_mask = torch.isfinite(boxes.tensor).all(dim=1) &
#   torch.isfinite(scores_per_img)`, `if not valid_mask.all(): ... boxes = boxes[valid_mask]`,
#   `boxes.clip(image_size)`, `keep = boxes.nonempty(threshold=min_box_size)`, `if _is_tracing()
#   or keep.sum().item() != len(boxes): boxes, scores_per_img, lvl = boxes[keep], ...`
#   (detectron2's `_is_tracing()` is torch.jit's, False under torch.export).
# What fails: both `if`s test values computed from the predictions (a tensor and an `.item()`):
#   GuardOnDataDependentSymNode.
import torch
from torch import nn
from torch.export import Dim


def _is_tracing():
    return torch.jit.is_scripting() or torch.jit.is_tracing()


def clip(boxes, box_size):
    h, w = box_size
    x1 = boxes[:, 0].clamp(min=0, max=w)
    y1 = boxes[:, 1].clamp(min=0, max=h)
    x2 = boxes[:, 2].clamp(min=0, max=w)
    y2 = boxes[:, 3].clamp(min=0, max=h)
    return torch.stack((x1, y1, x2, y2), dim=-1)


def nonempty(boxes, threshold=0.0):
    widths = boxes[:, 2] - boxes[:, 0]
    heights = boxes[:, 3] - boxes[:, 1]
    return (widths > threshold) & (heights > threshold)


class Model(nn.Module):
    def __init__(self, pre_nms_topk=6, min_box_size=0.5):
        super().__init__()
        self.pre_nms_topk = pre_nms_topk
        self.min_box_size = min_box_size

    def forward(self, images, proposals, pred_objectness_logits):
        image_sizes = [tuple(img.shape[-2:]) for img in images]
        topk_scores, topk_idx = pred_objectness_logits.topk(self.pre_nms_topk, dim=1)
        topk_proposals = torch.gather(proposals, 1, topk_idx[..., None].expand(-1, -1, 4))
        results = []
        for n, image_size in enumerate(image_sizes):
            boxes = topk_proposals[n]
            scores_per_img = topk_scores[n]
            valid_mask = torch.isfinite(boxes).all(dim=1) & torch.isfinite(scores_per_img)
            if not valid_mask.all():  # expect: EXL101
                boxes = boxes[valid_mask]
                scores_per_img = scores_per_img[valid_mask]
            boxes = clip(boxes, image_size)
            keep = nonempty(boxes, threshold=self.min_box_size)
            if _is_tracing() or keep.sum().item() != len(boxes):  # expect: EXL101
                boxes, scores_per_img = boxes[keep], scores_per_img[keep]
            results.append(torch.cat([boxes, scores_per_img[:, None]], dim=1))
        return torch.cat(results)


def _inputs(h, w, anchors):
    proposals = torch.rand(2, anchors, 4) * torch.tensor([w, h, w, h]) * 1.2
    proposals[..., 2:] += proposals[..., :2]
    return (torch.randn(2, 3, h, w), proposals, torch.randn(2, anchors))


torch.manual_seed(0)
example_inputs = [_inputs(10, 12, 20), _inputs(16, 8, 30), _inputs(9, 9, 12)]
dynamic_shapes = ({2: Dim.DYNAMIC, 3: Dim.DYNAMIC}, {1: Dim.DYNAMIC}, {1: Dim.DYNAMIC})
