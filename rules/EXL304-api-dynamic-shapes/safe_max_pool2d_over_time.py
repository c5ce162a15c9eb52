import torch
import torch.nn.functional as F
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    """The same downsampling as a 2-D pool over a height of 1 (keeps the time length
    symbolic), and a 1-D max pool over the static channel axis."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv1d(4, 6, 3, padding=1)

    def forward(self, frames):
        h = torch.relu(self.conv(frames))
        down = F.max_pool2d(h.unsqueeze(-2), (1, 3), (1, 2)).squeeze(-2)
        per_channel = F.max_pool1d(h.mean(-1, keepdim=True).transpose(1, 2), 2)
        return down + per_channel.sum()


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 4, 16),),
    (torch.randn(3, 4, 23),),
    (torch.randn(2, 4, 9),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC},)
