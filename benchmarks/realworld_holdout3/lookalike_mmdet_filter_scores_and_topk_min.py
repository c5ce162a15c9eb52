# Source: open-mmlab/mmdetection mmdet/models/utils/misc.py (filter_scores_and_topk, paraphrased)
#   as called by BaseDenseHead._predict_by_feat_single: `valid_mask = scores > score_thr`, `scores =
#   scores[valid_mask]`, `valid_idxs = torch.nonzero(valid_mask)`, `num_topk = min(topk,
#   valid_idxs.size(0))`, `scores, idxs = scores.sort(descending=True)`, `scores =
#   scores[:num_topk]`, `keep_idxs, labels = valid_idxs[idxs[:num_topk]].unbind(dim=1)`; the head:
#   `scores = cls_score.sigmoid()`, `results = filter_scores_and_topk(scores, score_thr, nms_pre,
#   dict(bbox_pred=bbox_pred, priors=priors))`, `bbox_pred = filtered_results['bbox_pred']`.
# Look-alike (measured, not a hazard): the builtin `min()` of the top-k and the data-dependent
#   number of boxes above the threshold (`nonzero` of the score mask) looks like a guard on data,
#   but torch.export keeps `min(topk, u0)` symbolic (a sym_min) and the slices and gathers by it
#   convert: onnxruntime matches eager on unseen feature-map sizes (torch 2.13, 2026-12-03).
import torch
from torch import nn
from torch.export import Dim


def filter_scores_and_topk(scores, score_thr, topk, results):
    valid_mask = scores > score_thr
    scores = scores[valid_mask]
    valid_idxs = torch.nonzero(valid_mask)
    num_topk = min(topk, valid_idxs.size(0))
    scores, idxs = scores.sort(descending=True)
    scores = scores[:num_topk]
    keep_idxs, labels = valid_idxs[idxs[:num_topk]].unbind(dim=1)
    filtered_results = {k: v[keep_idxs] for k, v in results.items()}
    return scores, labels, keep_idxs, filtered_results


class Model(nn.Module):
    def __init__(self, num_classes=3, nms_pre=20, score_thr=0.5):
        super().__init__()
        self.cls = nn.Conv2d(8, num_classes, 1)
        self.reg = nn.Conv2d(8, 4, 1)
        self.num_classes = num_classes
        self.nms_pre = nms_pre
        self.score_thr = score_thr

    def forward(self, feat):
        cls_score = self.cls(feat)[0].permute(1, 2, 0).reshape(-1, self.num_classes)
        bbox_pred = self.reg(feat)[0].permute(1, 2, 0).reshape(-1, 4)
        scores = cls_score.sigmoid()
        scores, labels, keep_idxs, filtered = filter_scores_and_topk(scores, self.score_thr, self.nms_pre, dict(bbox_pred=bbox_pred))
        return scores, labels, filtered["bbox_pred"]


torch.manual_seed(0)
example_inputs = [(torch.randn(1, 8, 6, 8),), (torch.randn(1, 8, 9, 5),), (torch.randn(1, 8, 12, 12),)]
dynamic_shapes = ({2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
