import torch
import torch.nn.functional as F
from torch import nn
from torch.export import Dim


class ShortInput(nn.Module):
    """A conv front end that pads an input shorter than its kernel: `if x.size(-1) < k`."""

    def __init__(self, k=5):
        super().__init__()
        self.conv = nn.Conv1d(2, 4, k)
        self.k = k

    def forward(self, x):
        if x.size(-1) < self.k:  # expect: EXL102
            x = F.pad(x, (0, self.k - x.size(-1)))
        return self.conv(x)


Model = ShortInput
torch.manual_seed(0)
example_inputs = [(torch.randn(2, 2, 9),), (torch.randn(3, 2, 3),), (torch.randn(1, 2, 12),)]
dynamic_shapes = ({0: Dim("b"), 2: Dim.DYNAMIC},)
