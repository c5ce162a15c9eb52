import torch
import torch.nn.functional as F
from torch import nn
from torch.export import Dim

# Depthwise cross-correlation of a Siamese tracker: every search image is correlated with its
# own template, written as one grouped convolution over the batch folded into the channels.
# `groups=` is an int attribute of the convolution: the dynamic batch size cannot stay
# symbolic there.


class Model(nn.Module):
    def __init__(self, channels=4):
        super().__init__()
        self.search_proj = nn.Conv2d(3, channels, 3, padding=1)
        self.template_proj = nn.Conv2d(3, channels, 3)

    def forward(self, search, template):
        x = self.search_proj(search)
        kernel = self.template_proj(template)
        batch, channel = kernel.shape[0], kernel.shape[1]
        x = x.reshape(1, batch * channel, x.shape[2], x.shape[3])
        kernel = kernel.reshape(batch * channel, 1, kernel.shape[2], kernel.shape[3])
        out = F.conv2d(x, kernel, groups=batch * channel)  # expect: EXL301
        return out.reshape(batch, channel, out.shape[2], out.shape[3])


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 3, 16, 16), torch.randn(2, 3, 6, 6)),
    (torch.randn(3, 3, 16, 16), torch.randn(3, 3, 6, 6)),
    (torch.randn(5, 3, 16, 16), torch.randn(5, 3, 6, 6)),
]
dynamic_shapes = ({0: Dim("batch")}, {0: Dim("batch")})
