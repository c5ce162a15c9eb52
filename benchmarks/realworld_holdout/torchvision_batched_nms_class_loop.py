# Source: pytorch/vision torchvision/ops/boxes.py (_batched_nms_vanilla): `keep_mask =
#   torch.zeros_like(scores, dtype=torch.bool)`, `for class_id in torch.unique(idxs):
#   curr_indices = torch.where(idxs == class_id)[0]; curr_keep_indices = nms(boxes[curr_indices],
#   scores[curr_indices], iou_threshold); keep_mask[curr_indices[curr_keep_indices]] = True`.
#   (The per-class NMS is reduced here to keeping the best box of each class.)
# What fails: iterating `torch.unique(...)` runs a Python loop over data: the number of classes
#   present is data-dependent.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def forward(self, boxes, scores, idxs):
        keep_mask = torch.zeros_like(scores, dtype=torch.bool)
        for class_id in torch.unique(idxs):  # expect: EXL401
            curr_indices = torch.where(idxs == class_id)[0]
            curr_keep_indices = scores[curr_indices].argmax(dim=0, keepdim=True)
            keep_mask[curr_indices[curr_keep_indices]] = True
        keep_indices = torch.where(keep_mask)[0]
        return boxes[keep_indices], scores[keep_indices]


torch.manual_seed(0)
example_inputs = [
    (torch.rand(6, 4), torch.rand(6), torch.tensor([0, 1, 0, 2, 1, 0])),
    (torch.rand(9, 4), torch.rand(9), torch.tensor([3, 3, 1, 0, 1, 2, 4, 4, 0])),
    (torch.rand(4, 4), torch.rand(4), torch.tensor([1, 1, 1, 1])),
]
dynamic_shapes = ({0: Dim.DYNAMIC}, {0: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
