import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """The same normalisation with torch.tensor of the sizes (kept symbolic by export), and
    new_tensor of constants."""

    def forward(self, image, points):
        h, w = image.shape[-2:]
        scale = torch.tensor([w, h], dtype=points.dtype)
        offset = points.new_tensor([0.5, 0.5])
        return (points - offset) / scale + image.mean()


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 3, 8, 10), torch.rand(2, 5, 2)),
    (torch.randn(3, 3, 12, 7), torch.rand(3, 5, 2)),
    (torch.randn(2, 3, 9, 9), torch.rand(2, 5, 2)),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
