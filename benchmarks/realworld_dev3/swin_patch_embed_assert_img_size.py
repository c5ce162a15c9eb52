# Source: microsoft/Swin-Transformer models/swin_transformer.py (PatchEmbed.forward): `B, C, H, W =
#   x.shape`, `# FIXME look at relaxing size constraints`, `assert H == self.img_size[0] and W ==
#   self.img_size[1], f"Input image size ({H}*{W}) doesn't match model
#   ({self.img_size[0]}*{self.img_size[1]})."`, `x = self.proj(x).flatten(2).transpose(1, 2)  # B Ph*Pw
#   C`, `if self.norm is not None: x = self.norm(x)`.
# What fails: the assert on the dynamic height and width specialises them to the model's image
#   size: torch.export rejects the dynamic dimensions.
import torch
from torch import nn
from torch.export import Dim


class PatchEmbed(nn.Module):
    def __init__(self, img_size=16, patch_size=4, in_chans=3, embed_dim=8, norm_layer=nn.LayerNorm):
        super().__init__()
        img_size = (img_size, img_size)
        patch_size = (patch_size, patch_size)
        self.img_size = img_size
        self.patch_size = patch_size
        self.proj = nn.Conv2d(in_chans, embed_dim, kernel_size=patch_size, stride=patch_size)
        self.norm = norm_layer(embed_dim) if norm_layer is not None else None

    def forward(self, x):
        B, C, H, W = x.shape
        # FIXME look at relaxing size constraints
        assert H == self.img_size[0] and W == self.img_size[1], f"Input image size ({H}*{W}) doesn't match model ({self.img_size[0]}*{self.img_size[1]})."  # expect: NONE-assert-on-size
        x = self.proj(x).flatten(2).transpose(1, 2)  # B Ph*Pw C
        if self.norm is not None:
            x = self.norm(x)
        return x


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.patch_embed = PatchEmbed()
        self.head = nn.Linear(8, 3)

    def forward(self, x):
        return self.head(self.patch_embed(x).mean(1))


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 3, 16, 16),), (torch.randn(1, 3, 16, 16),), (torch.randn(3, 3, 16, 16),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
