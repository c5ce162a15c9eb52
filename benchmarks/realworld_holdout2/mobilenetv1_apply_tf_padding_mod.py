# Source: huggingface/transformers src/transformers/models/mobilenet_v1/modeling_mobilenet_v1.py
#   (apply_tf_padding, paraphrased): `in_height, in_width = features.shape[-2:]`,
#   `stride_height, stride_width = conv_layer.stride`, `kernel_height, kernel_width =
#   conv_layer.kernel_size`, `if in_height % stride_height == 0: pad_along_height =
#   max(kernel_height - stride_height, 0) else: pad_along_height = max(kernel_height - (in_height %
#   stride_height), 0)`, (same for the width), `padding = (pad_left, pad_right, pad_top,
#   pad_bottom)`, `return nn.functional.pad(features, padding, "constant", 0.0)`.
# What fails: TensorFlow "SAME" padding depends on the parity of the dynamic image size; the
#   `if` on `in_height % stride_height` is decided at trace time, so images of the other parity
#   get the wrong padding (and a wrong output size).
import torch
from torch import nn
from torch.export import Dim


def apply_tf_padding(features, conv_layer):
    in_height, in_width = features.shape[-2:]
    stride_height, stride_width = conv_layer.stride
    kernel_height, kernel_width = conv_layer.kernel_size
    if in_height % stride_height == 0:  # expect: EXL102
        pad_along_height = max(kernel_height - stride_height, 0)
    else:
        pad_along_height = max(kernel_height - (in_height % stride_height), 0)
    if in_width % stride_width == 0:  # expect: EXL102
        pad_along_width = max(kernel_width - stride_width, 0)
    else:
        pad_along_width = max(kernel_width - (in_width % stride_width), 0)
    pad_left = pad_along_width // 2
    pad_right = pad_along_width - pad_left
    pad_top = pad_along_height // 2
    pad_bottom = pad_along_height - pad_top
    return nn.functional.pad(features, (pad_left, pad_right, pad_top, pad_bottom), "constant", 0.0)


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, kernel_size=3, stride=2)
        self.head = nn.Conv2d(8, 4, 1)

    def forward(self, pixel_values):
        features = self.conv(apply_tf_padding(pixel_values, self.conv))
        return self.head(torch.relu(features))


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 3, 16, 20),), (torch.randn(1, 3, 15, 17),), (torch.randn(3, 3, 22, 13),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
