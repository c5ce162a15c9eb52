# Source: pytorch/vision torchvision/ops/stochastic_depth.py (stochastic_depth, paraphrased) and
#   torchvision/models/efficientnet.py (MBConv.forward): `if p < 0.0 or p > 1.0: raise
#   ValueError(...)`, `if not training or p == 0.0: return input`, `survival_rate = 1.0 - p`, `if
#   mode == "row": size = [input.shape[0]] + [1] * (input.ndim - 1)`, `noise = torch.empty(size,
#   dtype=input.dtype, device=input.device)`, `noise = noise.bernoulli_(survival_rate)`, `if
#   survival_rate > 0.0: noise.div_(survival_rate)`, `return input * noise`; MBConv: `result =
#   self.block(input); if self.use_res_connect: result = self.stochastic_depth(result); result +=
#   input`.
# Look-alike: random row dropping and Python tests, but only in training (`if not training`), and
#   `result += input` adds in place to a fresh tensor, not to the input: exports and matches eager.
import torch
from torch import nn
from torch.export import Dim


def stochastic_depth(input, p, mode, training=True):
    if p < 0.0 or p > 1.0:
        raise ValueError(f"drop probability has to be between 0 and 1, but got {p}")
    if not training or p == 0.0:
        return input
    survival_rate = 1.0 - p
    size = [input.shape[0]] + [1] * (input.ndim - 1) if mode == "row" else [1] * input.ndim
    noise = torch.empty(size, dtype=input.dtype, device=input.device).bernoulli_(survival_rate)
    if survival_rate > 0.0:
        noise.div_(survival_rate)
    return input * noise


class StochasticDepth(nn.Module):
    def __init__(self, p, mode):
        super().__init__()
        self.p, self.mode = p, mode

    def forward(self, input):
        return stochastic_depth(input, self.p, self.mode, self.training)


class Model(nn.Module):
    def __init__(self, ch=4):
        super().__init__()
        self.use_res_connect = True
        self.block = nn.Sequential(nn.Conv2d(ch, ch, 3, padding=1, groups=ch), nn.SiLU(), nn.Conv2d(ch, ch, 1))
        self.stochastic_depth = StochasticDepth(0.2, "row")

    def forward(self, input):
        result = self.block(input)
        if self.use_res_connect:
            result = self.stochastic_depth(result)
            result += input
        return result


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 4, 8, 8),), (torch.randn(3, 4, 11, 6),), (torch.randn(1, 4, 5, 13),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
