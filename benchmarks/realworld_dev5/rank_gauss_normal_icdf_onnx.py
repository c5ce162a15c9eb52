# Source: rank-Gauss / probit feature normalisation (tabular-model preprocessing folded into the
#   network: `torch.distributions.Normal(0, 1).icdf(ranks)`), and the ONNX operator coverage of
#   torch.onnx (onnxscript has no translation for `prims.erf_inv`; torch/distributions/normal.py
#   `Normal.icdf`: `self.loc + self.scale * torch.erfinv(2 * value - 1) * math.sqrt(2)`).
# What fails: torch.export succeeds, but torch.onnx fails to convert the erfinv that icdf
#   computes (ConversionError: "No ONNX function found for prims.erf_inv").
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, dim=4):
        super().__init__()
        self.proj = nn.Linear(dim, dim)

    def forward(self, x):
        ranks = torch.sigmoid(self.proj(x)).clamp(1e-4, 1 - 1e-4)
        return torch.distributions.Normal(0.0, 1.0).icdf(ranks)  # expect: EXL404


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 5, 4),), (torch.randn(3, 7, 4),), (torch.randn(1, 3, 4),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
