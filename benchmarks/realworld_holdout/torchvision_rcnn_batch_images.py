# Source: pytorch/vision torchvision/models/detection/transform.py
#   (GeneralizedRCNNTransform.max_by_axis and batch_images, eager path): `maxes = the_list[0];
#   for sublist in the_list[1:]: for index, item in enumerate(sublist): maxes[index] =
#   max(maxes[index], item)`, `stride = float(size_divisible)`, `max_size[1] =
#   int(math.ceil(float(max_size[1]) / stride) * stride)`, `batched_imgs = images[0].new_full(
#   batch_shape, 0)`, `for i in range(batched_imgs.shape[0]): img = images[i];
#   batched_imgs[i, : img.shape[0], : img.shape[1], : img.shape[2]].copy_(img)`.
# What fails: `int(math.ceil(float(size) / stride) * stride)` specialises the image sizes
#   (measured: the builtin `max()` of two sizes stays symbolic); with integer arithmetic instead,
#   the slice-and-copy still makes ep.module() reject an image that is already as large as the
#   batch (torch 2.13 guards on the slice end being smaller than the size).
import math

import torch
from torch import nn
from torch.export import Dim


def max_by_axis(the_list):
    maxes = the_list[0]
    for sublist in the_list[1:]:
        for index, item in enumerate(sublist):
            maxes[index] = max(maxes[index], item)
    return maxes


def batch_images(images, size_divisible=8):
    max_size = max_by_axis([list(img.shape) for img in images])
    stride = float(size_divisible)
    max_size = list(max_size)
    max_size[1] = int(math.ceil(float(max_size[1]) / stride) * stride)  # expect: EXL301
    max_size[2] = int(math.ceil(float(max_size[2]) / stride) * stride)  # expect: EXL301
    batch_shape = [len(images)] + max_size
    batched_imgs = images[0].new_full(batch_shape, 0)
    for i in range(batched_imgs.shape[0]):
        img = images[i]
        batched_imgs[i, : img.shape[0], : img.shape[1], : img.shape[2]].copy_(img)  # expect: NONE-slice-to-own-size
    return batched_imgs


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.backbone = nn.Conv2d(3, 4, 3, stride=2, padding=1)

    def forward(self, image_a, image_b):
        return self.backbone(batch_images([image_a, image_b]))


torch.manual_seed(0)
example_inputs = [
    (torch.randn(3, 10, 13), torch.randn(3, 12, 9)),
    (torch.randn(3, 7, 20), torch.randn(3, 17, 15)),
    (torch.randn(3, 16, 16), torch.randn(3, 5, 6)),
]
dynamic_shapes = ({1: Dim.DYNAMIC, 2: Dim.DYNAMIC}, {1: Dim.DYNAMIC, 2: Dim.DYNAMIC})
