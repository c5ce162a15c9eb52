# Source: pytorch/vision torchvision/models/detection/transform.py (GeneralizedRCNNTransform.forward):
#   `images = [img for img in images]`, `for i in range(len(images)): image = images[i] ...
#   image = self.normalize(image)`, `image_sizes = [img.shape[-2:] for img in images]`,
#   `images = self.batch_images(images)`; here a batch tensor comes in and `list(images)` splits it.
# What fails: `list()` of a tensor iterates its dynamic first axis: torch.export unrolls it and
#   specialises the batch size.
import torch
from torch import nn
from torch.export import Dim


class Transform(nn.Module):
    def __init__(self):
        super().__init__()
        self.register_buffer("image_mean", torch.tensor([0.485, 0.456, 0.406]))
        self.register_buffer("image_std", torch.tensor([0.229, 0.224, 0.225]))

    def normalize(self, image):
        return (image - self.image_mean[:, None, None]) / self.image_std[:, None, None]

    def forward(self, images):
        images = list(images)  # expect: EXL401
        normalized = [self.normalize(image) for image in images]
        return torch.stack(normalized)


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.transform = Transform()
        self.conv = nn.Conv2d(3, 4, 3, padding=1)

    def forward(self, images):
        return self.conv(self.transform(images))


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 3, 8, 8),), (torch.randn(1, 3, 8, 8),), (torch.randn(3, 3, 8, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
