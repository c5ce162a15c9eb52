# Source: huggingface/transformers src/transformers/models/autoformer/modeling_autoformer.py
#   (AutoformerSeriesDecompositionLayer.forward, paraphrased): `num_of_pads = (self.kernel_size -
#   1) // 2`, `front = x[:, 0:1, :].repeat(1, num_of_pads, 1)`, `end = x[:, -1:, :].repeat(1,
#   num_of_pads, 1)`, `x_padded = torch.cat([front, x, end], dim=1)`, `x_trend =
#   self.avg(x_padded.permute(0, 2, 1)).permute(0, 2, 1)`, `x_seasonal = x - x_trend`, `return
#   x_seasonal, x_trend`; and AutoformerLayernorm: `x_hat = self.layernorm(x); bias =
#   torch.mean(x_hat, dim=1).unsqueeze(1).repeat(1, x.shape[1], 1); return x_hat - bias`.
# Look-alike: the padding is repeated from the edge samples by a count computed from the kernel
#   size (a constant), and `repeat(1, x.shape[1], 1)` takes a symbolic size: exports and matches
#   eager on unseen lengths.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, dim=4, kernel_size=5):
        super().__init__()
        self.kernel_size = kernel_size
        self.avg = nn.AvgPool1d(kernel_size=kernel_size, stride=1, padding=0)
        self.layernorm = nn.LayerNorm(dim)

    def forward(self, x):
        num_of_pads = (self.kernel_size - 1) // 2
        front = x[:, 0:1, :].repeat(1, num_of_pads, 1)
        end = x[:, -1:, :].repeat(1, num_of_pads, 1)
        x_padded = torch.cat([front, x, end], dim=1)
        x_trend = self.avg(x_padded.permute(0, 2, 1)).permute(0, 2, 1)
        x_seasonal = x - x_trend
        x_hat = self.layernorm(x_seasonal)
        bias = torch.mean(x_hat, dim=1).unsqueeze(1).repeat(1, x.shape[1], 1)
        return x_hat - bias, x_trend


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 12, 4),), (torch.randn(3, 7, 4),), (torch.randn(1, 30, 4),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
