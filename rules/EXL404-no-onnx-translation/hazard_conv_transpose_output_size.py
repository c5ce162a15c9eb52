import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Encoder-decoder that restores odd sizes with `up(h, output_size=x.size())` (the
    ConvTranspose2d docs' example): the output padding is computed from the dynamic sizes in
    Python, and torch.onnx fails to convert the transposed convolution."""

    def __init__(self, channels=4):
        super().__init__()
        self.down = torch.nn.Conv2d(channels, channels, 3, stride=2, padding=1)
        self.up = torch.nn.ConvTranspose2d(channels, channels, 3, stride=2, padding=1)

    def forward(self, x):
        h = torch.relu(self.down(x))
        return self.up(h, output_size=x.size()) + x  # expect: EXL404


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 4, 8, 9),), (torch.randn(3, 4, 7, 10),), (torch.randn(2, 4, 12, 5),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
