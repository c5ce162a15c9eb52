# Source: pytorch/pytorch torch/nn/modules/conv.py (ConvTranspose2d docstring example: "exact
#   output size can be also specified as an argument": `downsample = nn.Conv2d(16, 16, 3, stride=2,
#   padding=1)`, `upsample = nn.ConvTranspose2d(16, 16, 3, stride=2, padding=1)`, `h =
#   downsample(input)`, `output = upsample(h, output_size=input.size())`), the way encoder-decoder
#   networks restore odd sizes.
# What fails: with `output_size=` ConvTranspose2d computes its output padding from the dynamic
#   sizes in Python (`_output_padding`): the ONNX conversion of the resulting convolution fails.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, channels=4):
        super().__init__()
        self.downsample = nn.Conv2d(channels, channels, 3, stride=2, padding=1)
        self.upsample = nn.ConvTranspose2d(channels, channels, 3, stride=2, padding=1)

    def forward(self, input):
        h = self.downsample(input)
        output = self.upsample(h, output_size=input.size())  # expect: NONE-conv-transpose-output-size
        return output + input


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 4, 12, 12),), (torch.randn(1, 4, 9, 10),), (torch.randn(3, 4, 13, 7),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
