import torch
from torch import nn
from torch.export import Dim
import exportlint.ops


class Model(nn.Module):
    """A detection-style head: features of any image size pooled to a 3x3 grid of cells.

    AdaptiveAvgPool2d(3) exports right, but torch.onnx bakes the pooling window of the traced
    size: at another height or width the ONNX cells average the wrong pixels.
    """

    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(3, 8, 3, padding=1)
        self.grid = nn.AdaptiveAvgPool2d((3, 3))
        self.score = nn.Linear(8 * 9, 5)

    def forward(self, image):
        cells = exportlint.ops.adaptive_avg_pool2d(torch.relu(self.stem(image)), self.grid.output_size)  # expect: EXL404
        return self.score(cells.flatten(1))


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 3, 12, 15),),
    (torch.randn(3, 3, 17, 10),),
    (torch.randn(2, 3, 20, 13),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
