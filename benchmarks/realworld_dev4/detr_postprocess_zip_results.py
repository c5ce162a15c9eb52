# Source: facebookresearch/detr models/detr.py (PostProcess.forward): `scores, labels =
#   prob[..., :-1].max(-1)`, `boxes = box_ops.box_cxcywh_to_xyxy(out_bbox)`, `img_h, img_w =
#   target_sizes.unbind(1)`, `results = [{'scores': s, 'labels': l, 'boxes': b} for s, l, b in
#   zip(scores, labels, boxes)]`.
# What fails: `zip` over batch tensors iterates their dynamic first axis: torch.export unrolls the
#   comprehension and specialises the batch size.
import torch
from torch import nn
from torch.export import Dim


class PostProcess(nn.Module):
    def forward(self, out_logits, out_bbox):
        prob = out_logits.softmax(-1)
        scores, labels = prob[..., :-1].max(-1)
        results = [{"scores": s, "labels": l, "boxes": b} for s, l, b in zip(scores, labels, out_bbox)]  # expect: EXL401
        return torch.stack([r["scores"] * r["boxes"].sum(-1) for r in results])


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.class_embed = nn.Linear(8, 3)
        self.bbox_embed = nn.Linear(8, 4)
        self.post = PostProcess()

    def forward(self, hs):
        return self.post(self.class_embed(hs), self.bbox_embed(hs).sigmoid())


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 5, 8),), (torch.randn(1, 5, 8),), (torch.randn(3, 5, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
