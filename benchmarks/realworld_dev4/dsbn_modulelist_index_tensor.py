# Source: wgchang/DSBN model/dsbn.py (_DomainSpecificBatchNorm.forward): `bn = self.bns[domain_label[0]]`,
#   `return bn(x), domain_label`, with `self.bns = nn.ModuleList([nn.BatchNorm2d(num_features, eps,
#   momentum, affine, track_running_stats) for _ in range(num_classes)])`.
# What fails: indexing a ModuleList with a tensor element calls `__index__` (an implicit `.item()`):
#   torch.export cannot pick a module from a data-dependent index.
import torch
from torch import nn
from torch.export import Dim


class DomainSpecificBatchNorm2d(nn.Module):
    def __init__(self, num_features=4, num_domains=2):
        super().__init__()
        self.bns = nn.ModuleList([nn.BatchNorm2d(num_features) for _ in range(num_domains)])

    def forward(self, x, domain_label):
        bn = self.bns[domain_label[0]]  # expect: EXL201
        return bn(x), domain_label


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3, padding=1)
        self.bn = DomainSpecificBatchNorm2d()

    def forward(self, x, domain_label):
        out, _ = self.bn(self.conv(x), domain_label)
        return out


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 3, 8, 8), torch.tensor([1, 1])),
    (torch.randn(1, 3, 6, 6), torch.tensor([0])),
    (torch.randn(3, 3, 7, 9), torch.tensor([1, 1, 1])),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
