# Source: facebookresearch/detr models/detr.py (PostProcess.forward): `img_h, img_w =
#   target_sizes.unbind(1)`, `scale_fct = torch.stack([img_w, img_h, img_w, img_h], dim=1)`,
#   `boxes = boxes * scale_fct[:, None, :]`; the sizes are a tensor input, not Python ints.
# Look-alike: the scale is stacked from tensors, so nothing is baked in: exports and matches.
import torch
from torch import nn
from torch.export import Dim


class PostProcess(nn.Module):
    def forward(self, out_logits, out_bbox, target_sizes):
        prob = out_logits.softmax(-1)
        scores, labels = prob[..., :-1].max(-1)
        x_c, y_c, w, h = out_bbox.unbind(-1)
        boxes = torch.stack([x_c - 0.5 * w, y_c - 0.5 * h, x_c + 0.5 * w, y_c + 0.5 * h], dim=-1)
        img_h, img_w = target_sizes.unbind(1)
        scale_fct = torch.stack([img_w, img_h, img_w, img_h], dim=1)
        boxes = boxes * scale_fct[:, None, :]
        return scores, labels, boxes


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.class_embed = nn.Linear(8, 3)
        self.bbox_embed = nn.Linear(8, 4)
        self.post = PostProcess()

    def forward(self, hs, target_sizes):
        return self.post(self.class_embed(hs), self.bbox_embed(hs).sigmoid(), target_sizes)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 5, 8), torch.tensor([[16.0, 16.0], [12.0, 20.0]])),
    (torch.randn(1, 5, 8), torch.tensor([[24.0, 8.0]])),
    (torch.randn(3, 5, 8), torch.tensor([[4.0, 6.0], [8.0, 8.0], [10.0, 2.0]])),
]
dynamic_shapes = ({0: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
