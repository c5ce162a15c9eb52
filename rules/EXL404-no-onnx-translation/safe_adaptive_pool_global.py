import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    """Global pooling with AdaptiveAvgPool2d(1) and AdaptiveMaxPool2d(1) (one bin: the mean
    or max of all pixels): exact in ONNX at every size."""

    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(3, 8, 3, padding=1)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.peak = nn.AdaptiveMaxPool2d(1)
        self.score = nn.Linear(8, 5)

    def forward(self, image):
        features = torch.relu(self.stem(image))
        return self.score(self.pool(features).flatten(1) + self.peak(features).flatten(1))


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 3, 12, 15),),
    (torch.randn(3, 3, 17, 10),),
    (torch.randn(2, 3, 20, 13),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
