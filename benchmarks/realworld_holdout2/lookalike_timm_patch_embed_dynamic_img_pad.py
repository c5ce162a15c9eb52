# Source: huggingface/pytorch-image-models timm/layers/patch_embed.py (PatchEmbed.forward with
#   dynamic_img_pad=True, paraphrased): `B, C, H, W = x.shape`, `if self.img_size is not None: if
#   self.strict_img_size: ...`, `if self.dynamic_img_pad: pad_h = (self.patch_size[0] - H %
#   self.patch_size[0]) % self.patch_size[0]; pad_w = (self.patch_size[1] - W %
#   self.patch_size[1]) % self.patch_size[1]; x = F.pad(x, (0, pad_w, 0, pad_h))`, `x =
#   self.proj(x)`, `if self.flatten: x = x.flatten(2).transpose(1, 2)`, `x = self.norm(x)`.
# Look-alike: the pad amounts are remainders of the dynamic image size, but they are pure integer
#   arithmetic passed to F.pad (no Python `if` on them; the `if`s test configuration flags):
#   exports and matches eager on sizes of any remainder.
import torch
import torch.nn.functional as F
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, patch_size=(4, 4), in_chans=3, embed_dim=8):
        super().__init__()
        self.patch_size = patch_size
        self.img_size = None
        self.strict_img_size = False
        self.dynamic_img_pad = True
        self.flatten = True
        self.proj = nn.Conv2d(in_chans, embed_dim, kernel_size=patch_size, stride=patch_size)
        self.norm = nn.LayerNorm(embed_dim)

    def forward(self, x):
        B, C, H, W = x.shape
        if self.dynamic_img_pad:
            pad_h = (self.patch_size[0] - H % self.patch_size[0]) % self.patch_size[0]
            pad_w = (self.patch_size[1] - W % self.patch_size[1]) % self.patch_size[1]
            x = F.pad(x, (0, pad_w, 0, pad_h))
        x = self.proj(x)
        if self.flatten:
            x = x.flatten(2).transpose(1, 2)
        return self.norm(x)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 3, 16, 20),), (torch.randn(1, 3, 13, 18),), (torch.randn(3, 3, 9, 31),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
