# Source: pytorch/vision torchvision/transforms/_functional_tensor.py (normalize) behind
#   `transforms.Normalize(mean, std, inplace=True)`, an nn.Module that deployments put in front
#   of the network: `if not inplace: tensor = tensor.clone()`, `mean = torch.as_tensor(mean,
#   dtype=dtype)`, `if mean.ndim == 1: mean = mean.view(-1, 1, 1)`, `return
#   tensor.sub_(mean).div_(std)`.
# What fails: with inplace=True the caller's image is normalised in place in eager mode; the
#   exported/ONNX model leaves its input unchanged.
import torch
from torch import nn
from torch.export import Dim


def normalize(tensor, mean, std, inplace=False):
    if not inplace:
        tensor = tensor.clone()
    dtype = tensor.dtype
    mean = torch.as_tensor(mean, dtype=dtype, device=tensor.device)
    std = torch.as_tensor(std, dtype=dtype, device=tensor.device)
    if mean.ndim == 1:
        mean = mean.view(-1, 1, 1)
    if std.ndim == 1:
        std = std.view(-1, 1, 1)
    return tensor.sub_(mean).div_(std)  # expect: EXL501


class Normalize(nn.Module):
    def __init__(self, mean, std, inplace=False):
        super().__init__()
        self.mean = mean
        self.std = std
        self.inplace = inplace

    def forward(self, tensor):
        return normalize(tensor, self.mean, self.std, self.inplace)


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.normalize = Normalize(mean=[0.485, 0.456, 0.406], std=[0.229, 0.224, 0.225], inplace=True)
        self.conv = nn.Conv2d(3, 4, 3, padding=1)

    def forward(self, images):
        return self.conv(self.normalize(images))


torch.manual_seed(0)
example_inputs = [(torch.rand(2, 3, 8, 8),), (torch.rand(1, 3, 6, 10),), (torch.rand(3, 3, 5, 5),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
