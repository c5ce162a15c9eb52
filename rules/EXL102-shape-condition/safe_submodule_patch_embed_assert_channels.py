import torch
from torch import nn
from torch.export import Dim


class PatchEmbed(nn.Module):
    def __init__(self, patch_size=4, in_chans=3, embed_dim=8):
        super().__init__()
        self.in_chans = in_chans
        self.proj = nn.Conv2d(in_chans, embed_dim, patch_size, patch_size)

    def forward(self, x):
        B, C, H, W = x.shape
        assert C == self.in_chans, "input channels do not match the model"
        return self.proj(x).flatten(2).transpose(1, 2)


class Model(nn.Module):
    """The submodule asserts the channel count, an axis the model's input keeps static: the
    check is decided at trace time and the dynamic height and width stay dynamic."""

    def __init__(self):
        super().__init__()
        self.patch_embed = PatchEmbed()

    def forward(self, x):
        return self.patch_embed(x).mean(1)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 3, 16, 16),), (torch.randn(3, 3, 20, 12),), (torch.randn(2, 3, 8, 24),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
