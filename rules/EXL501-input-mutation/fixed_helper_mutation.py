import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Image encoder whose preprocessing helper normalises the caller's batch in place."""

    def __init__(self):
        super().__init__()
        self.register_buffer("mean", torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1))
        self.register_buffer("std", torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1))
        self.conv = torch.nn.Conv2d(3, 8, kernel_size=3, stride=2, padding=1)

    def _normalize(self, images):
        images = images.sub(self.mean)  # expect: EXL501
        images = images.div(self.std)  # expect: EXL501
        return images

    def forward(self, images):
        images = self._normalize(images)
        feats = torch.relu(self.conv(images))
        return feats.mean(dim=(2, 3))


torch.manual_seed(0)
example_inputs = [
    (torch.rand(2, 3, 8, 8),),
    (torch.rand(3, 3, 12, 10),),
    (torch.rand(4, 3, 6, 14),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
