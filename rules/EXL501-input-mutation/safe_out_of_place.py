import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Image encoder with out-of-place preprocessing: the caller's batch is left untouched."""

    def __init__(self):
        super().__init__()
        self.register_buffer("mean", torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1))
        self.register_buffer("std", torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1))
        self.conv = torch.nn.Conv2d(3, 8, kernel_size=3, stride=2, padding=1)

    def _normalize(self, images):
        return images.sub(self.mean).div(self.std)

    def forward(self, images, valid):
        images = self._normalize(images)
        images = images.masked_fill(~valid[:, None, None, None], 0.0)
        feats = torch.relu(self.conv(images))
        feats = feats.mul(2.0).add(1.0)
        return feats.mean(dim=(2, 3))


torch.manual_seed(0)
example_inputs = [
    (torch.rand(2, 3, 8, 8), torch.tensor([True, False])),
    (torch.rand(3, 3, 12, 10), torch.tensor([True, True, False])),
    (torch.rand(4, 3, 6, 14), torch.tensor([False, True, True, True])),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
