# Source: open-mmlab/mmdetection mmdet/models/layers/transformer/utils.py (AdaptivePadding
#   and PatchMerging, paraphrased; the same class is in mmcv.cnn.bricks.transformer):
#   `def get_pad_shape(self, input_shape): input_h, input_w = input_shape; kernel_h, kernel_w =
#   self.kernel_size; stride_h, stride_w = self.stride; output_h = math.ceil(input_h / stride_h);
#   output_w = math.ceil(input_w / stride_w); pad_h = max((output_h - 1) * stride_h + (kernel_h - 1)
#   * self.dilation[0] + 1 - input_h, 0); pad_w = ...; return pad_h, pad_w`, `def forward(self, x):
#   pad_h, pad_w = self.get_pad_shape(x.size()[-2:]); if pad_h > 0 or pad_w > 0: if self.padding ==
#   'corner': x = F.pad(x, [0, pad_w, 0, pad_h]) ...`; PatchMerging.forward: `B, L, C = x.shape`,
#   `H, W = input_size`, `x = x.view(B, H, W, C).permute([0, 3, 1, 2])`, `if self.adap_padding: x =
#   self.adap_padding(x); H, W = x.shape[-2:]`, `x = self.sampler(x)` (nn.Unfold), `out_h = (H + 2 *
#   self.sampler.padding[0] - self.sampler.dilation[0] * (self.sampler.kernel_size[0] - 1) - 1) //
#   self.sampler.stride[0] + 1`, `x = x.transpose(1, 2)`, `x = self.norm(x); x = self.reduction(x)`.
# What fails: whether the feature map is padded is a Python test on the (dynamic) padding
#   amounts: traced on an even-sized map the pad is dropped, and odd sizes no longer match.
import math

import torch
import torch.nn.functional as F
from torch import nn
from torch.export import Dim


class AdaptivePadding(nn.Module):
    def __init__(self, kernel_size=2, stride=2, dilation=1, padding="corner"):
        super().__init__()
        self.padding = padding
        self.kernel_size = (kernel_size, kernel_size)
        self.stride = (stride, stride)
        self.dilation = (dilation, dilation)

    def get_pad_shape(self, input_shape):
        input_h, input_w = input_shape
        kernel_h, kernel_w = self.kernel_size
        stride_h, stride_w = self.stride
        output_h = math.ceil(input_h / stride_h)
        output_w = math.ceil(input_w / stride_w)
        pad_h = max((output_h - 1) * stride_h + (kernel_h - 1) * self.dilation[0] + 1 - input_h, 0)
        pad_w = max((output_w - 1) * stride_w + (kernel_w - 1) * self.dilation[1] + 1 - input_w, 0)
        return pad_h, pad_w

    def forward(self, x):
        pad_h, pad_w = self.get_pad_shape(x.size()[-2:])
        if pad_h > 0 or pad_w > 0:  # expect: EXL102
            if self.padding == "corner":
                x = F.pad(x, [0, pad_w, 0, pad_h])
            elif self.padding == "same":
                x = F.pad(x, [pad_w // 2, pad_w - pad_w // 2, pad_h // 2, pad_h - pad_h // 2])
        return x


class Model(nn.Module):
    def __init__(self, in_channels=4, out_channels=8):
        super().__init__()
        self.adap_padding = AdaptivePadding()
        self.sampler = nn.Unfold(kernel_size=2, dilation=1, padding=0, stride=2)
        self.norm = nn.LayerNorm(4 * in_channels)
        self.reduction = nn.Linear(4 * in_channels, out_channels, bias=False)

    def forward(self, feats):
        B, C, H, W = feats.shape
        x = feats.flatten(2).transpose(1, 2)
        x = x.view(B, H, W, C).permute([0, 3, 1, 2])
        x = self.adap_padding(x)
        H, W = x.shape[-2:]
        x = self.sampler(x)
        out_h = (H - 1 * (2 - 1) - 1) // 2 + 1
        out_w = (W - 1 * (2 - 1) - 1) // 2 + 1
        x = x.transpose(1, 2)
        x = self.norm(x)
        x = self.reduction(x)
        return x.transpose(1, 2).reshape(B, -1, out_h, out_w)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 4, 8, 12),), (torch.randn(1, 4, 9, 7),), (torch.randn(3, 4, 10, 16),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
