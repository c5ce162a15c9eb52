import math

import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Autoformer-style auto-correlation: keep the factor * ln(length) strongest delays.

    math.log of a dynamic size makes export specialise the length; int() of the scaled log
    in a 0-d tensor is a float read out of a tensor that torch.topk then guards on.
    """

    def __init__(self, factor=1):
        super().__init__()
        self.factor = factor
        self.query = torch.nn.Linear(4, 4)

    def forward(self, x):
        q = self.query(x)
        length = x.shape[1]
        corr = (q * x).mean(-1)  # (batch, length)
        k = (torch.log(torch.tensor(length, dtype=torch.float64)) * self.factor).floor().long().item()  # expect: EXL302
        weights, delays = torch.topk(corr, k, dim=-1)
        # each delay rolls the sequence: read it from the sequence written twice
        positions = torch.arange(length)[None, None, :] + delays[:, :, None]
        doubled = x.repeat(1, 2, 1)[:, None].expand(-1, k, -1, -1)
        rolled = torch.gather(doubled, 2, positions[..., None].expand(-1, -1, -1, 4))
        return (rolled * torch.softmax(weights, -1)[:, :, None, None]).sum(1)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 12, 4),),
    (torch.randn(2, 30, 4),),
    (torch.randn(3, 9, 4),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
