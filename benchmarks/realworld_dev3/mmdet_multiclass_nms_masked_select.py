# Source: open-mmlab/mmdetection mmdet/models/layers/bbox_nms.py (multiclass_nms, 2.x
#   mmdet/core/post_processing/bbox_nms.py): `bboxes = multi_bboxes[:, None].expand(multi_scores.size(0),
#   num_classes, 4)`, `valid_mask = scores > score_thr`, `bboxes = torch.masked_select(bboxes,
#   torch.stack((valid_mask, valid_mask, valid_mask, valid_mask), -1)).view(-1, 4)`, `scores =
#   torch.masked_select(scores, valid_mask)`, `labels = valid_mask.nonzero(as_tuple=False)[:, 1]`,
#   `if bboxes.numel() == 0: ... dets = torch.cat([bboxes, scores[:, None]], -1); return dets, labels`.
# What fails: the number of boxes above the threshold is data: `.view(-1, 4)` of the
#   masked_select and the `numel() == 0` test both need its value at trace time; torch.onnx has no
#   translation for masked_select (measured: ConversionError).
import torch
from torch import nn
from torch.export import Dim


def multiclass_nms(multi_bboxes, multi_scores, score_thr):
    num_classes = multi_scores.size(1) - 1
    bboxes = multi_bboxes[:, None].expand(multi_scores.size(0), num_classes, 4)
    scores = multi_scores[:, :-1]
    valid_mask = scores > score_thr
    bboxes = torch.masked_select(bboxes, torch.stack((valid_mask, valid_mask, valid_mask, valid_mask), -1)).view(-1, 4)  # expect: NONE-data-dependent-view, EXL404
    scores = torch.masked_select(scores, valid_mask)  # expect: EXL404
    labels = valid_mask.nonzero(as_tuple=False)[:, 1]
    if bboxes.numel() == 0:  # expect: NONE-size-check-data
        dets = torch.cat([bboxes, scores[:, None]], -1)
        return dets, labels
    dets = torch.cat([bboxes, scores[:, None]], -1)
    return dets, labels


class Model(nn.Module):
    def __init__(self, dim=8, num_classes=3):
        super().__init__()
        self.reg = nn.Linear(dim, 4)
        self.cls = nn.Linear(dim, num_classes + 1)

    def forward(self, feats):
        return multiclass_nms(self.reg(feats), self.cls(feats).softmax(-1), 0.2)


torch.manual_seed(0)
example_inputs = [(torch.randn(6, 8),), (torch.randn(9, 8),), (torch.randn(4, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
