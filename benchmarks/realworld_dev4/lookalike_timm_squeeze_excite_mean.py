# Source: huggingface/pytorch-image-models timm/layers/squeeze_excite.py (SEModule.forward):
#   `x_se = x.mean((2, 3), keepdim=True)`, `x_se = self.fc1(x_se)`, `x_se = self.act(self.bn(x_se))`,
#   `x_se = self.fc2(x_se)`, `return x * self.gate(x_se)`.
# Look-alike: global pooling as a mean over the spatial axes (no kernel from the size): exports
#   with dynamic height and width and matches eager.
import torch
from torch import nn
from torch.export import Dim


class SEModule(nn.Module):
    def __init__(self, channels=8, rd_channels=4):
        super().__init__()
        self.fc1 = nn.Conv2d(channels, rd_channels, kernel_size=1, bias=True)
        self.act = nn.ReLU()
        self.fc2 = nn.Conv2d(rd_channels, channels, kernel_size=1, bias=True)
        self.gate = nn.Sigmoid()

    def forward(self, x):
        x_se = x.mean((2, 3), keepdim=True)
        x_se = self.act(self.fc1(x_se))
        x_se = self.fc2(x_se)
        return x * self.gate(x_se)


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3, padding=1)
        self.se = SEModule()

    def forward(self, x):
        return self.se(self.conv(x))


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 3, 12, 12),), (torch.randn(1, 3, 7, 10),), (torch.randn(3, 3, 13, 9),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
