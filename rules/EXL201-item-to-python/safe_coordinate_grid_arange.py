import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """The normalised coordinate grid built from the size itself with arange (no Python
    int read out of a tensor): `-1 + 2 * i / (n - 1)` for i in 0..n-1."""

    def forward(self, image):
        width = image.shape[-1]
        xs = -1.0 + 2.0 * torch.arange(width, dtype=image.dtype) / (width - 1)
        return image + xs


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 3, 5, 7),), (torch.randn(3, 3, 5, 9),), (torch.randn(2, 3, 5, 4),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
