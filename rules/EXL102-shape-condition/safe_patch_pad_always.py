import collections.abc

import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    """The same patch embedding with the padding computed for every width
    (`(p - w % p) % p` is 0 when the width is a multiple): no branch on the size."""

    def __init__(self, image_size=32, patch_size=4):
        super().__init__()
        image_size, patch_size = image_size, patch_size
        patch_size = patch_size if isinstance(patch_size, collections.abc.Iterable) else (patch_size, patch_size)
        self.patch_size = patch_size
        self.projection = nn.Conv2d(3, 8, kernel_size=patch_size, stride=patch_size)

    def forward(self, pixel_values):
        _, _, height, width = pixel_values.shape
        pad_right = (self.patch_size[1] - width % self.patch_size[1]) % self.patch_size[1]
        pixel_values = nn.functional.pad(pixel_values, (0, pad_right))
        return self.projection(pixel_values).flatten(2)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 3, 16, 32),),
    (torch.randn(3, 3, 16, 30),),
    (torch.randn(2, 3, 16, 21),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
