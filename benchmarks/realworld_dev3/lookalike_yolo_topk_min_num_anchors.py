# Source: huggingface/transformers src/transformers/models/deformable_detr/image_processing_deformable_detr.py
#   (post_process_object_detection): `prob = out_logits.sigmoid()`, `prob = prob.view(out_logits.shape[0],
#   -1)`, `k_value = min(top_k, prob.size(1))`, `topk_values, topk_indexes = torch.topk(prob, k_value,
#   dim=1)`, `topk_boxes = torch.div(topk_indexes, out_logits.shape[2], rounding_mode="floor")`,
#   here on a dense head whose number of anchors follows the image size.
# Look-alike: torch decides `min(top_k, prob.size(1))` on the symbolic number of anchors (it
#   becomes a sym_min): exports and matches eager on unseen sizes.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, num_classes=3, top_k=20):
        super().__init__()
        self.top_k = top_k
        self.cls = nn.Conv2d(3, num_classes, 3, padding=1)
        self.box = nn.Conv2d(3, 4, 3, padding=1)

    def forward(self, pixel_values):
        out_logits = self.cls(pixel_values).flatten(2).transpose(1, 2).contiguous()
        out_bbox = self.box(pixel_values).flatten(2).transpose(1, 2).sigmoid()
        prob = out_logits.sigmoid()
        prob = prob.view(out_logits.shape[0], -1)
        k_value = min(self.top_k, prob.size(1))
        topk_values, topk_indexes = torch.topk(prob, k_value, dim=1)
        scores = topk_values
        topk_boxes = torch.div(topk_indexes, out_logits.shape[2], rounding_mode="floor")
        boxes = torch.gather(out_bbox, 1, topk_boxes.unsqueeze(-1).repeat(1, 1, 4))
        return scores, boxes


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 3, 4, 4),), (torch.randn(1, 3, 2, 3),), (torch.randn(3, 3, 5, 6),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
