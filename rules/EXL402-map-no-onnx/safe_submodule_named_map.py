import torch
import torch.nn.functional as F
from torch.export import Dim


class Model(torch.nn.Module):
    """Saliency head whose layers happen to be called `map` and `map_fn`."""

    def __init__(self):
        super().__init__()
        self.map = torch.nn.Conv2d(3, 1, kernel_size=3, padding=1)
        self.map_fn = torch.sigmoid

    def forward(self, images):
        saliency = self.map_fn(self.map(images))
        pooled = F.adaptive_avg_pool2d(images * saliency, 1)
        return pooled.flatten(1), saliency


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 3, 8, 10),),
    (torch.randn(4, 3, 12, 6),),
    (torch.randn(3, 3, 5, 9),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
