# Source: huggingface/pytorch-image-models timm/layers/patch_embed.py (PatchEmbed.forward):
#   `B, C, H, W = x.shape`, `if self.img_size is not None: if self.strict_img_size:
#   _assert(H == self.img_size[0], f"Input height ({H}) doesn't match model ({self.img_size[0]}).")`,
#   `_assert(W == self.img_size[1], ...)`, `elif not self.dynamic_img_pad: _assert(H %
#   self.patch_size[0] == 0, ...)`; `_assert` is `torch._assert`.
# What fails: the assertion on the dynamic height makes export specialise it to the model's
#   image size: torch.export rejects the dynamic dimensions.
import torch
from torch import nn
from torch import _assert
from torch.export import Dim


class PatchEmbed(nn.Module):
    def __init__(self, img_size=16, patch_size=4, in_chans=3, embed_dim=8, strict_img_size=True):
        super().__init__()
        self.img_size = (img_size, img_size)
        self.patch_size = (patch_size, patch_size)
        self.strict_img_size = strict_img_size
        self.dynamic_img_pad = False
        self.proj = nn.Conv2d(in_chans, embed_dim, kernel_size=patch_size, stride=patch_size)
        self.norm = nn.LayerNorm(embed_dim)

    def forward(self, x):
        B, C, H, W = x.shape
        if self.img_size is not None:
            if self.strict_img_size:
                _assert(H == self.img_size[0], f"Input height ({H}) doesn't match model ({self.img_size[0]}).")  # expect: NONE-assert-on-size
                _assert(W == self.img_size[1], f"Input width ({W}) doesn't match model ({self.img_size[1]}).")  # expect: NONE-assert-on-size
            elif not self.dynamic_img_pad:
                _assert(H % self.patch_size[0] == 0, f"Input height ({H}) should be divisible by patch size ({self.patch_size[0]}).")
        x = self.proj(x)
        x = x.flatten(2).transpose(1, 2)
        return self.norm(x)


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.patch_embed = PatchEmbed()

    def forward(self, x):
        return self.patch_embed(x).mean(1)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 3, 16, 16),), (torch.randn(1, 3, 16, 16),), (torch.randn(3, 3, 16, 16),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
