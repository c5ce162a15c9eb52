# Source: pytorch/vision torchvision/ops/poolers.py (_infer_scale, read through the code
#   search): `for s1, s2 in zip(size, original_size): approx_scale = float(s1) / float(s2);
#   scale = 2 ** float(torch.tensor(approx_scale).log2().round())`.
# What fails: `float()` of dynamic feature sizes and of a tensor: the scale is baked from
#   the traced sizes (or export fails on the tensor-to-float).
import torch
from torch import nn
from torch.export import Dim


def infer_scale(feature, original_size):
    size = feature.shape[-2:]
    possible_scales = []
    for s1, s2 in zip(size, original_size):
        approx_scale = float(s1) / float(s2)  # expect: EXL301
        scale = 2 ** float(torch.tensor(approx_scale).log2().round())  # expect: EXL201
        possible_scales.append(scale)
    return possible_scales[0]


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.backbone = nn.Conv2d(3, 4, 3, stride=2, padding=1)

    def forward(self, image, boxes):
        features = self.backbone(image)
        scale = infer_scale(features, image.shape[-2:])
        return features.mean(dim=(2, 3)) + (boxes * scale).sum()


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 3, 16, 16), torch.rand(5, 4) * 16),
    (torch.randn(2, 3, 7, 9), torch.rand(3, 4) * 8),
    (torch.randn(2, 3, 12, 20), torch.rand(4, 4) * 12),
]
dynamic_shapes = ({2: Dim.DYNAMIC, 3: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
