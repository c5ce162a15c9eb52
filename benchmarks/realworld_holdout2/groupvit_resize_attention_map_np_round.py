# Source: huggingface/transformers src/transformers/models/groupvit/modeling_groupvit.py
#   (resize_attention_map, paraphrased): `groups = attentions.shape[1]`, `batch_size =
#   attentions.shape[0]`, `scale = (height * width // attentions.shape[2]) ** 0.5`, `if height >
#   width: feat_width = int(np.round(width / scale)); feat_height = attentions.shape[2] //
#   feat_width else: feat_height = int(np.round(height / scale)); feat_width =
#   attentions.shape[2] // feat_height`, then `nn.functional.interpolate(attentions, size=(height,
#   width), mode="bilinear", align_corners=align_corners)`.
# What fails: numpy rounding of a size ratio (`int(np.round(...))`) and a Python `if` comparing
#   the two dynamic image sides: the feature grid is frozen at the traced image.
import numpy as np
import torch
from torch import nn
from torch.export import Dim


def resize_attention_map(attentions, height, width, align_corners=False):
    scale = (height * width // attentions.shape[2]) ** 0.5
    if height > width:  # expect: EXL102
        feat_width = int(np.round(width / scale))  # expect: EXL302
        feat_height = attentions.shape[2] // feat_width
    else:
        feat_height = int(np.round(height / scale))  # expect: EXL302
        feat_width = attentions.shape[2] // feat_height
    batch_size, groups = attentions.shape[0], attentions.shape[1]
    attentions = attentions.reshape(batch_size, groups, feat_height, feat_width)
    return nn.functional.interpolate(attentions, size=(height, width), mode="bilinear", align_corners=align_corners)


class Model(nn.Module):
    def __init__(self, channels=3, dim=8, groups=4, patch=4):
        super().__init__()
        self.patch = nn.Conv2d(channels, dim, patch, stride=patch)
        self.group_tokens = nn.Parameter(torch.randn(1, groups, dim))

    def forward(self, pixel_values):
        tokens = self.patch(pixel_values).flatten(2).transpose(1, 2)
        attn = torch.softmax(self.group_tokens @ tokens.transpose(1, 2), dim=-1)
        return resize_attention_map(attn, pixel_values.shape[2], pixel_values.shape[3])


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 3, 16, 24),), (torch.randn(1, 3, 32, 12),), (torch.randn(3, 3, 20, 28),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
