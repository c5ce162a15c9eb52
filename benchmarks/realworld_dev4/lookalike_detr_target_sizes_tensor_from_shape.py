# Source: facebookresearch/detr models/detr.py (PostProcess.forward) and its callers:
#   `orig_target_sizes = torch.stack([t["orig_size"] for t in targets], dim=0)`, built in
#   datasets as `torch.as_tensor([int(h), int(w)])`; exporting the model with its post-processing
#   writes `target_sizes = torch.tensor([img.shape[-2:]] * img.shape[0])`-style code.
# Look-alike (measured on torch 2.13: exports, converts and matches eager on unseen sizes; the
#   failure one would expect does not happen). The expected failure was: `torch.tensor` of Python sizes makes a constant tensor: the traced height and width
#   (and batch) are baked in, so another size gives wrongly scaled boxes.
import torch
from torch import nn
from torch.export import Dim


class PostProcess(nn.Module):
    def forward(self, out_logits, out_bbox, img):
        prob = out_logits.softmax(-1)
        scores, labels = prob[..., :-1].max(-1)
        x_c, y_c, w, h = out_bbox.unbind(-1)
        boxes = torch.stack([x_c - 0.5 * w, y_c - 0.5 * h, x_c + 0.5 * w, y_c + 0.5 * h], dim=-1)
        img_h, img_w = img.shape[-2:]
        scale_fct = torch.tensor([img_w, img_h, img_w, img_h], dtype=torch.float32)
        boxes = boxes * scale_fct[None, None, :]
        return scores, labels, boxes


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.backbone = nn.Conv2d(3, 8, 4, 4)
        self.class_embed = nn.Linear(8, 3)
        self.bbox_embed = nn.Linear(8, 4)
        self.post = PostProcess()

    def forward(self, img):
        feat = self.backbone(img).flatten(2).mean(-1, keepdim=True).transpose(1, 2).expand(-1, 5, -1)
        return self.post(self.class_embed(feat), self.bbox_embed(feat).sigmoid(), img)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 3, 16, 16),), (torch.randn(1, 3, 12, 20),), (torch.randn(3, 3, 24, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
