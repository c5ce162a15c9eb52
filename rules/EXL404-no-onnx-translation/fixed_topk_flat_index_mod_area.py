import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Keypoint heads (CenterNet style): the top-k of a flattened per-class heatmap, turned back
    into (class, row, column) by remainders of the flat index by the map's area and width.

    `inds % (height * width)` and `inds.remainder(width)` with an integer tensor and dynamic
    sizes export, but torch.onnx cannot convert aten.remainder.Scalar with a symbolic size.
    """

    def __init__(self):
        super().__init__()
        self.heat = torch.nn.Conv2d(4, 3, 3, padding=1)

    def forward(self, features):
        batch, _, height, width = features.shape
        heat = torch.sigmoid(self.heat(features))
        scores, inds = torch.topk(heat.flatten(1), 5)
        inds = torch.remainder(inds, torch.tensor(height * width))  # expect: EXL404
        rows = torch.div(inds, width, rounding_mode="floor").float()
        cols = (inds - torch.div(inds, width, rounding_mode="floor") * width).float()  # expect: EXL404
        return torch.stack([scores, rows / height, cols / width], dim=-1)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 4, 6, 7),),
    (torch.randn(1, 4, 9, 5),),
    (torch.randn(3, 4, 8, 8),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
