import torch
import torch.nn.functional as F
from torch.export import Dim


class Model(torch.nn.Module):
    """The same decoder without `output_size=`: the transposed convolution gives `2h - 1` and
    the missing row or column is padded from the sizes, which torch.onnx converts."""

    def __init__(self, channels=4):
        super().__init__()
        self.down = torch.nn.Conv2d(channels, channels, 3, stride=2, padding=1)
        self.up = torch.nn.ConvTranspose2d(channels, channels, 3, stride=2, padding=1)

    def forward(self, x):
        h = torch.relu(self.down(x))
        y = self.up(h)
        y = F.pad(y, (0, x.shape[-1] - y.shape[-1], 0, x.shape[-2] - y.shape[-2]))
        return y + x


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 4, 8, 9),), (torch.randn(3, 4, 7, 10),), (torch.randn(2, 4, 12, 5),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
