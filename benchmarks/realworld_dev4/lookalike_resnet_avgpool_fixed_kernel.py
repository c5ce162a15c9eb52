# Source: pytorch/vision torchvision/models/resnet.py (early versions: `self.avgpool =
#   nn.AvgPool2d(7, stride=1)`) and ResNet CIFAR ports (akamaster/pytorch_resnet_cifar10
#   resnet.py: `out = F.avg_pool2d(out, out.size()[3])` on a fixed 8x8 map); here the kernel is a
#   constant and the pooled map keeps its dynamic size.
# Look-alike: pooling with a constant kernel over dynamic height and width exports and matches.
import torch
import torch.nn.functional as F
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3, padding=1)
        self.pool_size = 2
        self.fc = nn.Linear(8, 4)

    def forward(self, x):
        out = F.relu(self.conv(x))
        out = F.avg_pool2d(out, self.pool_size, stride=self.pool_size)
        out = F.max_pool2d(out, kernel_size=(2, 2), stride=1)
        out = out.flatten(2).mean(-1)
        return self.fc(out)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 3, 12, 12),), (torch.randn(1, 3, 8, 10),), (torch.randn(3, 3, 14, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
