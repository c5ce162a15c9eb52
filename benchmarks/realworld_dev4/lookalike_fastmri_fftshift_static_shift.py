# Source: facebookresearch/fastMRI fastmri/fftc.py (`fftshift`: `shift[i] = x.shape[dim_num] // 2`,
#   `roll(x, shift, dim)`) on a k-space grid whose size is fixed by the scanner (dynamic_shapes
#   keeps only the batch dynamic), so the shift is a constant of the export.
# Look-alike: a roll by half of a static axis: exports with a dynamic batch and matches eager.
import torch
from torch import nn
from torch.export import Dim


def fftshift(x, dim):
    shift = [x.shape[d] // 2 for d in dim]
    return torch.roll(x, shift, dim)


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(2, 2, 3, padding=1)

    def forward(self, kspace):
        image = fftshift(kspace, dim=(-2, -1))
        return self.conv(image)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 2, 8, 10),), (torch.randn(1, 2, 8, 10),), (torch.randn(3, 2, 8, 10),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
