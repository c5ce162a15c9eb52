# Source: yvoievid/genai-cv-2-3 models/blocks/decoder.py (DecoderBlock.forward), a common UNet
#   decoder block: `x = self.upconv(x)`, `if x.shape[2:] != skip.shape[2:]: x = F.interpolate(x,
#   size=skip.shape[2:], mode='bilinear', align_corners=False)`, `x = torch.cat([x, skip], dim=1)`.
# What fails: the upsampled size `2 * (h // 2)` equals the skip's `h` only for even sizes: export
#   keeps the branch of the traced (even) size, and odd sizes fail in the exported model.
import torch
import torch.nn.functional as F
from torch import nn
from torch.export import Dim


class DecoderBlock(nn.Module):
    def __init__(self, in_channels, out_channels):
        super().__init__()
        self.upconv = nn.ConvTranspose2d(in_channels, out_channels, kernel_size=2, stride=2)
        self.conv = nn.Conv2d(out_channels * 2, out_channels, kernel_size=3, padding=1)
        self.bn = nn.BatchNorm2d(out_channels)
        self.activation = nn.ReLU()

    def forward(self, x, skip):
        x = self.upconv(x)
        if x.shape[2:] != skip.shape[2:]:  # expect: EXL102
            x = F.interpolate(x, size=skip.shape[2:], mode="bilinear", align_corners=False)
        x = torch.cat([x, skip], dim=1)
        x = self.conv(x)
        x = self.bn(x)
        return self.activation(x)


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.enc = nn.Conv2d(3, 4, 3, padding=1)
        self.down = nn.Sequential(nn.MaxPool2d(2), nn.Conv2d(4, 8, 3, padding=1))
        self.dec = DecoderBlock(8, 4)

    def forward(self, x):
        skip = self.enc(x)
        return self.dec(self.down(skip), skip)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 3, 8, 10),), (torch.randn(1, 3, 9, 7),), (torch.randn(3, 3, 12, 13),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
