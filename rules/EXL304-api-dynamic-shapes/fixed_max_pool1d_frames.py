import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    """Audio frames (batch, channels, time) downsampled by a strided max pool.

    MaxPool1d fixes the time length to the traced one (max_pool2d would keep it symbolic).
    """

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv1d(4, 6, 3, padding=1)
        self.down = nn.MaxPool1d(3, stride=2)

    def forward(self, frames):
        return torch.nn.functional.max_pool2d(torch.relu(self.conv(frames)).unsqueeze(-2), kernel_size=(1, self.down.kernel_size), stride=(1, self.down.stride), ceil_mode=self.down.ceil_mode).squeeze(-2)  # expect: EXL304


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 4, 16),),
    (torch.randn(3, 4, 23),),
    (torch.randn(2, 4, 9),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC},)
