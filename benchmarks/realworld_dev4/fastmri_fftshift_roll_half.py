# Source: facebookresearch/fastMRI fastmri/fftc.py (`roll`, `fftshift`): `shift = [dim // 2 for
#   dim in x.shape]` ... `shift[i] = x.shape[dim_num] // 2`, `return roll(x, shift, dim)`, where
#   `roll_one_dim` does `left = x.narrow(dim, 0, x.size(dim) - shift)`, `right = x.narrow(dim,
#   x.size(dim) - shift, shift)`, `torch.cat((right, left), dim=dim)`; written here with torch.roll.
# What fails: a roll by half of a dynamic size: the ONNX graph keeps the traced shift (or
#   onnxruntime rejects the dynamic roll), so another size is shifted wrongly.
import torch
from torch import nn
from torch.export import Dim


def fftshift(x, dim):
    shift = [x.shape[d] // 2 for d in dim]
    return torch.roll(x, shift, dim)  # expect: EXL404


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(2, 2, 3, padding=1)

    def forward(self, kspace):
        image = fftshift(kspace, dim=(-2, -1))
        return self.conv(image)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 2, 8, 10),), (torch.randn(1, 2, 7, 9),), (torch.randn(1, 2, 12, 6),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
