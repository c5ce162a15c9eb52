# Source: huggingface/transformers src/transformers/models/mobilevit/modeling_mobilevit.py
#   (MobileViTLayer.unfolding): `new_height = ... if torch.jit.is_tracing() else
#   int(math.ceil(orig_height / patch_height) * patch_height)`, then
#   `if new_width != orig_width or new_height != orig_height:` interpolate.
# What fails: torch.jit.is_tracing() is False under torch.export; `int()` of the rounded-up size
#   specialises it, and the `if` on sizes keeps the branch of the traced size (a multiple of the
#   patch): other sizes fail or are wrong.
import math

import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, channels=4, patch=2):
        super().__init__()
        self.patch_width = self.patch_height = patch
        self.mix = nn.Linear(channels, channels)

    def unfolding(self, features):
        patch_width, patch_height = self.patch_width, self.patch_height
        batch_size, channels, orig_height, orig_width = features.shape
        new_height = int(math.ceil(orig_height / patch_height) * patch_height)  # expect: EXL301
        new_width = int(math.ceil(orig_width / patch_width) * patch_width)  # expect: EXL301
        if new_width != orig_width or new_height != orig_height:  # expect: EXL102
            features = nn.functional.interpolate(
                features, size=(new_height, new_width), mode="bilinear", align_corners=False
            )
        num_patch_width = new_width // patch_width
        num_patch_height = new_height // patch_height
        patches = features.reshape(
            batch_size * channels, num_patch_height, patch_height, num_patch_width, patch_width
        )
        return patches.transpose(1, 2).reshape(batch_size, channels, patch_height * patch_width, -1)

    def forward(self, features):
        patches = self.unfolding(features)
        return self.mix(patches.mean(dim=(2, 3)))


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 4, 8, 6),), (torch.randn(3, 4, 7, 9),), (torch.randn(2, 4, 5, 10),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
