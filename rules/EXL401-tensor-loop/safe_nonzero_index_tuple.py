import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Keypoint scores at the positions a mask selects: the advanced-indexing idiom
    `scores[tuple(idx.t())]` (SuperPoint, detectron2). `idx` is (n, mask.dim()): its
    transpose has mask.dim() rows whatever the data, so the tuple has a fixed length."""

    def forward(self, scores, threshold):
        mask = scores > threshold
        idx = torch.nonzero(mask)
        picked = scores[tuple(idx.t())]
        rows, cols = idx.t()
        return picked.sum() + (rows * cols).float().sum()


torch.manual_seed(0)
example_inputs = [
    (torch.randn(4, 6), torch.tensor(0.0)),
    (torch.randn(7, 5), torch.tensor(0.5)),
    (torch.randn(3, 9), torch.tensor(-0.5)),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC}, None)
