import torch
import torch.nn.functional as F
from torch import nn
from torch.export import Dim
import exportlint.ops


class Model(nn.Module):
    """A classifier head that pools a feature map of any size to 2 x 4 cells with the
    functional pool, flattens and classifies: torch.onnx keeps the traced window, and at
    another size the ONNX cells average the wrong pixels."""

    def __init__(self):
        super().__init__()
        self.features = nn.Conv2d(3, 4, 3, padding=1)
        self.classifier = nn.Linear(4 * 2 * 4, 3)

    def forward(self, x):
        x = F.relu(self.features(x))
        x = exportlint.ops.adaptive_avg_pool2d(x, (2, 4))  # expect: EXL404
        return self.classifier(torch.flatten(x, 1))


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 3, 10, 12),),
    (torch.randn(3, 3, 15, 9),),
    (torch.randn(1, 3, 8, 21),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
