import torch
import torch.nn.functional as F
from torch.export import Dim


class Model(torch.nn.Module):
    """Pools with constant windows over a dynamic map and pools globally with a mean: no
    kernel is taken from the size."""

    def __init__(self, window=2):
        super().__init__()
        self.window = window
        self.conv = torch.nn.Conv2d(3, 4, 3, padding=1)

    def forward(self, images):
        fmap = self.conv(images)
        fmap = F.avg_pool2d(fmap, self.window, stride=self.window)
        fmap = F.max_pool2d(fmap, kernel_size=(3, 3), stride=1, padding=1)
        return fmap.mean((2, 3), keepdim=True) + fmap.amax((2, 3), keepdim=True)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 3, 10, 12),),
    (torch.randn(3, 3, 8, 14),),
    (torch.randn(2, 3, 12, 6),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
