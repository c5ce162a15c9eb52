import torch
import torch.nn.functional as F
from torch.export import Dim


class Model(torch.nn.Module):
    """A classifier head that pools the whole feature map with a kernel of its own size."""

    def __init__(self):
        super().__init__()
        self.features = torch.nn.Conv2d(3, 6, 3, padding=1)
        self.fc = torch.nn.Linear(6, 2)

    def forward(self, images):
        fmap = torch.relu(self.features(images))
        pooled = F.avg_pool2d(fmap, kernel_size=fmap.shape[2:])  # expect: EXL304
        return self.fc(pooled.flatten(1))


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 3, 10, 12),),
    (torch.randn(3, 3, 7, 9),),
    (torch.randn(2, 3, 14, 6),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
