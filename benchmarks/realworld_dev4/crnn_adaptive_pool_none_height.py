# Source: clovaai/deep-text-recognition-benchmark model.py (Model.__init__/forward):
#   `self.AdaptiveAvgPool = nn.AdaptiveAvgPool2d((None, 1))  # Transform final (imgH/16-1) -> 1`,
#   `visual_feature = self.AdaptiveAvgPool(visual_feature.permute(0, 3, 1, 2))  # [b, c, h, w] ->
#   [b, w, c, h]`, `visual_feature = visual_feature.squeeze(3)` (EasyOCR copies it).
# What fails: adaptive average pooling of a dynamic axis to one bin keeps windows that depend on
#   the size: no ONNX translation for the dynamic case.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.FeatureExtraction = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2, 2))
        self.AdaptiveAvgPool = nn.AdaptiveAvgPool2d((None, 1))
        self.Prediction = nn.Linear(4, 5)

    def forward(self, image):
        visual_feature = self.FeatureExtraction(image)
        visual_feature = self.AdaptiveAvgPool(visual_feature.permute(0, 3, 1, 2))  # expect: EXL404
        visual_feature = visual_feature.squeeze(3)
        return self.Prediction(visual_feature)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 1, 8, 20),), (torch.randn(1, 1, 12, 14),), (torch.randn(3, 1, 10, 26),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
