# Source: pytorch/vision torchvision/models/detection/retinanet.py
#   (RetinaNet.postprocess_detections) and torchvision/models/detection/_utils.py (_topk_min):
#   `keep_idxs = scores_per_level > self.score_thresh`, `scores_per_level =
#   scores_per_level[keep_idxs]`, `topk_idxs = torch.where(keep_idxs)[0]`, `num_topk =
#   _topk_min(topk_idxs, self.topk_candidates, 0)` where `_topk_min` returns
#   `min(orig_kval, input.size(axis))` unless torch.jit.is_tracing() (False under torch.export).
# Look-alike (measured on torch 2.13): `min(k, size)` of an unbacked size becomes a symbolic
#   min that `topk` accepts; this exports, converts and matches eager on unseen sizes.
import torch
from torch import nn
from torch.export import Dim


def _topk_min(input, orig_kval, axis):
    if not torch.jit.is_tracing():
        return min(orig_kval, input.size(axis))
    axis_dim_val = torch._shape_as_tensor(input)[axis].unsqueeze(0)
    min_kval = torch.min(torch.cat((torch.tensor([orig_kval], dtype=axis_dim_val.dtype), axis_dim_val), 0))
    return min_kval


class Model(nn.Module):
    def __init__(self, num_classes=3, score_thresh=0.3, topk_candidates=5):
        super().__init__()
        self.num_classes = num_classes
        self.score_thresh = score_thresh
        self.topk_candidates = topk_candidates
        self.cls_logits = nn.Linear(8, num_classes)

    def forward(self, features, anchors):
        scores_per_level = torch.sigmoid(self.cls_logits(features)).flatten()
        keep_idxs = scores_per_level > self.score_thresh
        scores_per_level = scores_per_level[keep_idxs]
        topk_idxs = torch.where(keep_idxs)[0]
        num_topk = _topk_min(topk_idxs, self.topk_candidates, 0)
        scores_per_level, idxs = scores_per_level.topk(num_topk)
        topk_idxs = topk_idxs[idxs]
        anchor_idxs = torch.div(topk_idxs, self.num_classes, rounding_mode="floor")
        labels_per_level = topk_idxs % self.num_classes
        return anchors[anchor_idxs], scores_per_level, labels_per_level


torch.manual_seed(0)
example_inputs = [
    (torch.randn(6, 8), torch.rand(6, 4)),
    (torch.randn(10, 8), torch.rand(10, 4)),
    (torch.randn(3, 8), torch.rand(3, 4)),
]
dynamic_shapes = ({0: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
