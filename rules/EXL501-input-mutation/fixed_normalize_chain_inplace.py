import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Image normalisation in front of the network, written the way transform code does it:
    a chain of in-place methods on the input batch."""

    def __init__(self):
        super().__init__()
        self.register_buffer("mean", torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1))
        self.register_buffer("std", torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1))
        self.conv = torch.nn.Conv2d(3, 4, 3, padding=1)

    def forward(self, images):
        images = images.sub(self.mean).div(self.std)  # expect: EXL501
        return self.conv(images)


torch.manual_seed(0)
example_inputs = [
    (torch.rand(2, 3, 8, 8),),
    (torch.rand(3, 3, 6, 10),),
    (torch.rand(2, 3, 5, 7),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
