# Source: milesial/Pytorch-UNet unet/unet_parts.py (Up.forward): `x1 = self.up(x1)`, `diffY =
#   x2.size()[2] - x1.size()[2]`, `diffX = x2.size()[3] - x1.size()[3]`, `x1 = F.pad(x1, [diffX //
#   2, diffX - diffX // 2, diffY // 2, diffY - diffY // 2])`, `x = torch.cat([x2, x1], dim=1)`.
# Look-alike: the pad amounts are integer arithmetic on sizes (no `if`), so odd sizes are padded
#   in the exported model too: exports and matches eager.
import torch
from torch import nn
from torch.nn import functional as F
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, channels=4):
        super().__init__()
        self.inc = nn.Conv2d(3, channels, 3, padding=1)
        self.down = nn.Sequential(nn.MaxPool2d(2), nn.Conv2d(channels, 2 * channels, 3, padding=1))
        self.up = nn.ConvTranspose2d(2 * channels, channels, kernel_size=2, stride=2)
        self.conv = nn.Conv2d(2 * channels, channels, 3, padding=1)

    def forward(self, x):
        x2 = self.inc(x)
        x1 = self.up(self.down(x2))
        diffY = x2.size()[2] - x1.size()[2]
        diffX = x2.size()[3] - x1.size()[3]
        x1 = F.pad(x1, [diffX // 2, diffX - diffX // 2, diffY // 2, diffY - diffY // 2])
        return self.conv(torch.cat([x2, x1], dim=1))


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 3, 8, 10),), (torch.randn(1, 3, 9, 7),), (torch.randn(3, 3, 13, 12),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
