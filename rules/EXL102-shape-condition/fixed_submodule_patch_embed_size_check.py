import warnings

import torch
from torch import nn
from torch.export import Dim


class PatchEmbed(nn.Module):
    def __init__(self, img_size=16, patch_size=4, in_chans=3, embed_dim=8):
        super().__init__()
        self.img_size = (img_size, img_size)
        self.proj = nn.Conv2d(in_chans, embed_dim, patch_size, patch_size)

    def forward(self, x):
        B, C, H, W = x.shape
        if not torch.compiler.is_exporting() and H != self.img_size[0]:  # expect: EXL102
            warnings.warn("input height does not match the model: position embeddings are interpolated")
        return self.proj(x).flatten(2).transpose(1, 2)


class Model(nn.Module):
    """ViT patch embedding that checks the image size inside the submodule (and only warns):
    the height the model's input declares dynamic is pinned to the configured size."""

    def __init__(self):
        super().__init__()
        self.patch_embed = PatchEmbed()

    def forward(self, x):
        return self.patch_embed(x).mean(1)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 3, 16, 16),), (torch.randn(3, 3, 20, 16),), (torch.randn(2, 3, 8, 16),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC},)
