# Source: facebookresearch/detectron2 detectron2/structures/keypoints.py (`Keypoints.__init__`
#   converts and checks the tensor) and the NaN sanity asserts of mmdet's box structures
#   (`mmdet/structures/bbox/base_boxes.py`), here an `assert not torch.isnan(...).any()` in the
#   constructor of a structures class that forward builds.
# What fails: the constructor's `assert` on tensor data: GuardOnDataDependentSymNode.
import torch
from torch import nn
from torch.export import Dim


class Keypoints:
    def __init__(self, keypoints):
        keypoints = torch.as_tensor(keypoints, dtype=torch.float32)
        assert keypoints.dim() == 3 and keypoints.shape[2] == 3, keypoints.shape
        assert not torch.isnan(keypoints).any(), "keypoints contain NaN"  # expect: EXL101
        self.tensor = keypoints

    def to_heatmap_coords(self, scale):
        xy = self.tensor[..., :2] * scale
        visible = self.tensor[..., 2:] > 0
        return xy * visible


class Model(nn.Module):
    def forward(self, keypoints):
        return Keypoints(keypoints).to_heatmap_coords(0.25).sum(1)


torch.manual_seed(0)
example_inputs = [(torch.rand(2, 5, 3),), (torch.rand(4, 7, 3),), (torch.rand(3, 2, 3),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
