# Source: open-mmlab/mmaction2 mmaction/models/recognizers/recognizer3d.py (Recognizer3D.extract_feat,
#   test mode, paraphrased; the neck left out): `num_segs = inputs.shape[1]`, `inputs =
#   inputs.view((-1, ) + inputs.shape[2:])`, `if self.max_testing_views is not None: total_views =
#   inputs.shape[0]; assert num_segs == total_views, ('max_testing_views is only compatible with
#   batch_size == 1'); view_ptr = 0; feats = []; while view_ptr < total_views: batch_imgs =
#   inputs[view_ptr:view_ptr + self.max_testing_views]; feat = self.backbone(batch_imgs); ...;
#   feats.append(feat); view_ptr += self.max_testing_views; ... x = torch.cat(feats)`, then the
#   head averages the clips' scores (`average_clip`: `cls_score = cls_score.view(batch_size,
#   num_segs, -1)`, `cls_score = F.softmax(cls_score, dim=2).mean(dim=1)`).
# What fails: the clips are run through the backbone in groups of `max_testing_views` by a
#   Python `while` loop whose test compares a counter with the dynamic number of views: the
#   number of iterations is fixed at the traced view count.
import torch
import torch.nn.functional as F
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, num_classes=5, max_testing_views=2):
        super().__init__()
        self.backbone = nn.Sequential(nn.Conv3d(3, 8, (3, 3, 3), stride=(1, 2, 2), padding=1), nn.ReLU())
        self.fc_cls = nn.Linear(8, num_classes)
        self.max_testing_views = max_testing_views

    def extract_feat(self, inputs):
        num_segs = inputs.shape[1]
        inputs = inputs.view((-1,) + inputs.shape[2:])
        total_views = inputs.shape[0]
        assert num_segs == total_views, "max_testing_views is only compatible with batch_size == 1"
        view_ptr = 0
        feats = []
        while view_ptr < total_views:  # expect: EXL102
            batch_imgs = inputs[view_ptr : view_ptr + self.max_testing_views]
            feat = self.backbone(batch_imgs)
            feats.append(feat)
            view_ptr += self.max_testing_views
        return torch.cat(feats), num_segs

    def forward(self, inputs):
        x, num_segs = self.extract_feat(inputs)
        cls_score = self.fc_cls(x.mean(dim=(2, 3, 4)))
        cls_score = cls_score.view(1, num_segs, -1)
        return F.softmax(cls_score, dim=2).mean(dim=1)


torch.manual_seed(0)
example_inputs = [(torch.randn(1, 5, 3, 4, 16, 16),), (torch.randn(1, 3, 3, 4, 16, 16),), (torch.randn(1, 8, 3, 4, 16, 16),)]
dynamic_shapes = ({1: Dim.DYNAMIC},)
