import torch
import torch.nn.functional as F
from torch.export import Dim


class Model(torch.nn.Module):
    """Pyramid pooling that keeps halving the time axis until it fits a fixed budget."""

    def __init__(self):
        super().__init__()
        self.budget = 8
        self.conv = torch.nn.Conv1d(4, 4, 3, padding=1)

    def forward(self, x):
        # x: (batch, 4, time)
        x = self.conv(x)
        while x.size(-1) > self.budget:  # expect: EXL102
            x = F.avg_pool1d(x, 2)
        return x


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 4, 32),),
    (torch.randn(3, 4, 64),),
    (torch.randn(2, 4, 12),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC},)
