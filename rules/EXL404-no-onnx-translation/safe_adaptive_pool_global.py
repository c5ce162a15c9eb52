import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    """Global pooling with AdaptiveAvgPool2d(1) (one bin: the mean of all pixels) and a
    width-only pool (None keeps the height): exact in ONNX at every size."""

    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(3, 8, 3, padding=1)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.rows = nn.AdaptiveAvgPool2d((None, 1))
        self.score = nn.Linear(8, 5)

    def forward(self, image):
        features = torch.relu(self.stem(image))
        rows = self.rows(features).mean(dim=(2, 3))
        return self.score(self.pool(features).flatten(1) + rows)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 3, 12, 15),),
    (torch.randn(3, 3, 17, 10),),
    (torch.randn(2, 3, 20, 13),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
