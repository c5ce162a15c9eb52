# Source: uoguelph-mlrg/Cutout util/cutout.py and the test-time masking in many repos that write
#   into `.data`: `img.data[:, :, y1:y2, x1:x2] = 0.` (pytorch/pytorch issue: "x.data mutation is
#   invisible to torch.export / functionalization").
# What fails: writing through `.data` mutates the forward's input behind autograd's back: the
#   exported program does not carry the mutation, so it differs from eager.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3, padding=1)

    def forward(self, img):
        img.data[:, :, 1:3, 1:3] = 0.0  # expect: EXL501
        return self.conv(img) + img.sum()


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 3, 8, 8),), (torch.randn(1, 3, 6, 10),), (torch.randn(3, 3, 9, 7),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
