# Source: kornia/kornia kornia/filters/median.py (median_blur, paraphrased): `padding =
#   _compute_zero_padding(kernel_size)`, `kernel = get_binary_kernel2d(kernel_size, device=...,
#   dtype=...)`, `b, c, h, w = input.shape`, `features = F.conv2d(input.reshape(b * c, 1, h, w),
#   kernel, padding=padding, stride=1)`, `features = features.view(b, c, -1, h, w)`, `median =
#   torch.median(features, dim=2)[0]`.
# What fails: `torch.median(..., dim=...)` exports but has no torch.onnx translation.
import torch
import torch.nn.functional as F
from torch import nn
from torch.export import Dim


def get_binary_kernel2d(window_size):
    window_range = window_size[0] * window_size[1]
    kernel = torch.zeros(window_range, window_range)
    for i in range(window_range):
        kernel[i, i] += 1.0
    return kernel.view(window_range, 1, window_size[0], window_size[1])


def median_blur(input, kernel_size):
    padding = ((kernel_size[0] - 1) // 2, (kernel_size[1] - 1) // 2)
    kernel = get_binary_kernel2d(kernel_size).to(input)
    b, c, h, w = input.shape
    features = F.conv2d(input.reshape(b * c, 1, h, w), kernel, padding=padding, stride=1)
    features = features.view(b, c, -1, h, w)
    return torch.median(features, dim=2)[0]  # expect: EXL404


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 3, 1)

    def forward(self, image):
        return self.conv(median_blur(image, (3, 3)))


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 3, 8, 10),), (torch.randn(1, 3, 12, 7),), (torch.randn(3, 3, 9, 9),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
