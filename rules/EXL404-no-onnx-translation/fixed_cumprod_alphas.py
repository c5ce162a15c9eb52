import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Diffusion noise schedule: cumulative product of (1 - beta) per step.

    torch.cumprod exports (as prims.prod) but torch.onnx has no translation for it.
    """

    def forward(self, betas, sample):
        alphas = torch.exp(torch.cumsum(torch.log(1.0 - betas), -1))  # expect: EXL404
        return sample * alphas.sqrt().unsqueeze(-1)


torch.manual_seed(0)
example_inputs = [
    (torch.rand(2, 6) * 0.1, torch.randn(2, 6, 3)),
    (torch.rand(3, 9) * 0.1, torch.randn(3, 9, 3)),
    (torch.rand(2, 4) * 0.1, torch.randn(2, 4, 3)),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC}, {0: Dim.DYNAMIC, 1: Dim.DYNAMIC})
