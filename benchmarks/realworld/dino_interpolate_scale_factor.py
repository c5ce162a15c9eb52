# Source: facebookresearch/dino vision_transformer.py (VisionTransformer.interpolate_pos_encoding,
#   cited by transformers' ViT and copied widely; read through the code search):
#   `w0 = w // self.patch_embed.patch_size`, `w0, h0 = w0 + 0.1, h0 + 0.1`, then
#   `nn.functional.interpolate(..., scale_factor=(w0 / math.sqrt(N), h0 / math.sqrt(N)))`.
# What fails: the scale factor is a Python float computed from the dynamic image size: export
#   bakes it (the dynamic dims come out static).
import math

import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, patch_size=4, num_patches=16, dim=8):
        super().__init__()
        self.patch_size = patch_size
        self.patch = nn.Conv2d(3, dim, patch_size, stride=patch_size)
        self.cls_token = nn.Parameter(torch.randn(1, 1, dim))
        self.pos_embed = nn.Parameter(torch.randn(1, num_patches + 1, dim))

    def interpolate_pos_encoding(self, x, w, h):
        N = self.pos_embed.shape[1] - 1
        class_pos_embed = self.pos_embed[:, 0]
        patch_pos_embed = self.pos_embed[:, 1:]
        dim = x.shape[-1]
        w0 = w // self.patch_size
        h0 = h // self.patch_size
        w0, h0 = w0 + 0.1, h0 + 0.1
        patch_pos_embed = nn.functional.interpolate(
            patch_pos_embed.reshape(1, int(math.sqrt(N)), int(math.sqrt(N)), dim).permute(0, 3, 1, 2),
            scale_factor=(w0 / math.sqrt(N), h0 / math.sqrt(N)),  # expect: EXL301
            mode="bicubic",
        )
        patch_pos_embed = patch_pos_embed.permute(0, 2, 3, 1).view(1, -1, dim)
        return torch.cat((class_pos_embed.unsqueeze(0), patch_pos_embed), dim=1)

    def forward(self, x):
        b, _, w, h = x.shape
        tokens = self.patch(x).flatten(2).transpose(1, 2)
        tokens = torch.cat((self.cls_token.expand(b, -1, -1), tokens), dim=1)
        return tokens + self.interpolate_pos_encoding(tokens, w, h)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 3, 16, 20),), (torch.randn(3, 3, 24, 12),), (torch.randn(2, 3, 8, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
