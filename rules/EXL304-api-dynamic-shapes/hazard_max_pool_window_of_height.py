import torch
import torch.nn.functional as F
from torch.export import Dim


class Model(torch.nn.Module):
    """Text-line features collapsed over the height with a max pool as tall as the map."""

    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(1, 4, 3, padding=1)

    def forward(self, line):
        feats = self.conv(line)
        height = feats.size(2)
        columns = F.max_pool2d(feats, (height, 1), stride=(height, 1))  # expect: EXL304
        return columns.squeeze(2).transpose(1, 2)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 1, 8, 20),),
    (torch.randn(3, 1, 11, 16),),
    (torch.randn(2, 1, 6, 9),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
