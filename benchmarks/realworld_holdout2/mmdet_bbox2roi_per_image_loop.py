# Source: open-mmlab/mmdetection mmdet/structures/bbox/transforms.py (bbox2roi, paraphrased):
#   `rois_list = []`, `for img_id, bboxes in enumerate(bbox_list): bboxes = get_box_tensor(bboxes);
#   img_inds = bboxes.new_full((bboxes.size(0), 1), img_id); rois = torch.cat([img_inds, bboxes],
#   dim=-1); rois_list.append(rois)`, `rois = torch.cat(rois_list, 0)`; the RoI head gets
#   `bbox_list` from the per-image proposals (`[res.bboxes for res in rpn_results_list]`).
# What fails: with the proposals of the whole batch in one tensor, `enumerate()` over it is a
#   Python loop over the dynamic batch size: unrolled for the traced batch.
import torch
from torch import nn
from torch.export import Dim


def bbox2roi(bbox_list):
    rois_list = []
    for img_id, bboxes in enumerate(bbox_list):  # expect: EXL401
        img_inds = bboxes.new_full((bboxes.size(0), 1), img_id)
        rois_list.append(torch.cat([img_inds, bboxes], dim=-1))
    return torch.cat(rois_list, 0)


class Model(nn.Module):
    def __init__(self, dim=8):
        super().__init__()
        self.rpn = nn.Linear(dim, 4)
        self.head = nn.Linear(5, 3)

    def forward(self, proposal_feats):
        proposals = self.rpn(proposal_feats).sigmoid() * 32
        rois = bbox2roi(proposals)
        return self.head(rois)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 5, 8),), (torch.randn(3, 4, 8),), (torch.randn(4, 7, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
