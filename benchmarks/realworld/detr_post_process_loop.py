# Source: huggingface/transformers src/transformers/models/detr/image_processing_detr.py
#   (DetrImageProcessor.post_process_object_detection), put inside an exported model as
#   deployments do: `prob = softmax(out_logits, -1)`, `img_h, img_w = target_sizes.unbind(1)`,
#   `boxes = boxes * scale_fct[:, None, :]`, then `for s, l, b in zip(scores, labels, boxes):`
#   keeping `s[s > threshold]` per image.
# What fails: the loop iterates the batch dimension in Python (one output per image): the
#   number of images is baked.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, threshold=0.3):
        super().__init__()
        self.threshold = threshold
        self.class_embed = nn.Linear(8, 4)
        self.bbox_embed = nn.Linear(8, 4)

    def forward(self, queries, target_sizes):
        out_logits = self.class_embed(queries)
        out_bbox = self.bbox_embed(queries).sigmoid()
        prob = nn.functional.softmax(out_logits, -1)
        scores, labels = prob[..., :-1].max(-1)
        img_h, img_w = target_sizes.unbind(1)
        scale_fct = torch.stack([img_w, img_h, img_w, img_h], dim=1)
        boxes = out_bbox * scale_fct[:, None, :]
        results = []
        for s, l, b in zip(scores, labels, boxes):  # expect: EXL401
            keep = s > self.threshold
            results.append((s * keep).sum() + (l * keep).sum() + (b * keep[:, None]).sum())
        return torch.stack(results)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 5, 8), torch.tensor([[30.0, 40.0], [20.0, 10.0]])),
    (torch.randn(3, 6, 8), torch.tensor([[10.0, 10.0], [32.0, 16.0], [8.0, 24.0]])),
    (torch.randn(4, 3, 8), torch.tensor([[5.0, 7.0], [9.0, 9.0], [12.0, 3.0], [4.0, 4.0]])),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
