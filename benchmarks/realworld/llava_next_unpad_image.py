# Source: huggingface/transformers src/transformers/models/llava_next/modeling_llava_next.py
#   (unpad_image): `original_size = original_size.tolist()`, aspect ratios compared in an
#   `if`, then `new_height = int(round(original_height * scale_factor, 7))` and a crop.
# What fails: `.tolist()` moves the image size to Python; the `if` and the int(round(...))
#   then work on data export cannot read.
import torch
from torch import nn
from torch.export import Dim


def unpad_image(tensor, original_size):
    original_size = original_size.tolist()  # expect: EXL202
    original_height, original_width = original_size
    current_height, current_width = tensor.shape[1:]
    original_aspect_ratio = original_width / original_height
    current_aspect_ratio = current_width / current_height
    if original_aspect_ratio > current_aspect_ratio:  # expect: EXL101
        scale_factor = current_width / original_width
        new_height = int(round(original_height * scale_factor, 7))  # expect: EXL201
        padding = (current_height - new_height) // 2
        unpadded = tensor[:, padding : current_height - padding, :]
    else:
        scale_factor = current_height / original_height
        new_width = int(round(original_width * scale_factor, 7))  # expect: EXL201
        padding = (current_width - new_width) // 2
        unpadded = tensor[:, :, padding : current_width - padding]
    return unpadded


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.proj = nn.Conv2d(4, 4, 1)

    def forward(self, image_feature, image_size):
        return unpad_image(self.proj(image_feature[None])[0], image_size).mean(dim=(1, 2))


torch.manual_seed(0)
example_inputs = [
    (torch.randn(4, 6, 6), torch.tensor([30, 60])),
    (torch.randn(4, 8, 8), torch.tensor([80, 40])),
    (torch.randn(4, 6, 9), torch.tensor([60, 60])),
]
dynamic_shapes = ({1: Dim.DYNAMIC, 2: Dim.DYNAMIC}, None)
