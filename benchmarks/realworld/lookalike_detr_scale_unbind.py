# Source: huggingface/transformers src/transformers/models/detr/image_processing_detr.py
#   (post_process_object_detection) and DETR's box_cxcywh_to_xyxy: `img_h, img_w =
#   target_sizes.unbind(1)` and `x_c, y_c, w, h = x.unbind(-1)` unbind dimensions of fixed
#   size (2 and 4); the batch is kept as a tensor (no per-image Python loop).
# Look-alike of detr_post_process_loop.py: exports and matches eager.
import torch
from torch import nn
from torch.export import Dim


def box_cxcywh_to_xyxy(x):
    x_c, y_c, w, h = x.unbind(-1)
    return torch.stack([x_c - 0.5 * w, y_c - 0.5 * h, x_c + 0.5 * w, y_c + 0.5 * h], dim=-1)


class Model(nn.Module):
    def __init__(self, threshold=0.3):
        super().__init__()
        self.threshold = threshold
        self.class_embed = nn.Linear(8, 4)
        self.bbox_embed = nn.Linear(8, 4)

    def forward(self, queries, target_sizes):
        prob = nn.functional.softmax(self.class_embed(queries), -1)
        scores, labels = prob[..., :-1].max(-1)
        boxes = box_cxcywh_to_xyxy(self.bbox_embed(queries).sigmoid())
        img_h, img_w = target_sizes.unbind(1)
        scale_fct = torch.stack([img_w, img_h, img_w, img_h], dim=1)
        boxes = boxes * scale_fct[:, None, :]
        keep = scores > self.threshold
        return scores * keep, labels * keep, boxes * keep[..., None]


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 5, 8), torch.tensor([[30.0, 40.0], [20.0, 10.0]])),
    (torch.randn(3, 6, 8), torch.tensor([[10.0, 10.0], [32.0, 16.0], [8.0, 24.0]])),
    (torch.randn(4, 3, 8), torch.tensor([[5.0, 7.0], [9.0, 9.0], [12.0, 3.0], [4.0, 4.0]])),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
