import torch
import torch.nn.functional as F
from torch import nn
from torch.export import Dim

# Column-wise patches over the full height of a feature map (a text-line recogniser reading
# vertical strips): `F.unfold` takes the kernel size as ints, so the dynamic height is baked.


class Model(nn.Module):
    def __init__(self, width=3):
        super().__init__()
        self.width = width
        self.proj = nn.Conv2d(1, 2, 3, padding=1)

    def forward(self, x):
        x = self.proj(x)
        strips = F.unfold(x, kernel_size=(x.shape[2], self.width))  # expect: EXL301
        return strips.transpose(1, 2)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 1, 8, 12),),
    (torch.randn(3, 1, 6, 10),),
    (torch.randn(1, 1, 10, 9),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC},)
