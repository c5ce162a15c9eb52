import math

import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Tree-style reduction whose residual is scaled by 1 / log2(sequence length).

    The scale is computed in a helper method; math.log2 on the dynamic size
    still forces export to specialize it.
    """

    def __init__(self):
        super().__init__()
        self.mlp = torch.nn.Sequential(
            torch.nn.Linear(4, 16), torch.nn.SiLU(), torch.nn.Linear(16, 4)
        )

    def _depth_scale(self, x):
        return 1.0 / torch.log2(torch.tensor(x.shape[1], dtype=torch.float64))  # expect: EXL302

    def forward(self, x):
        # x: (batch, seq, 4)
        h = x + self._depth_scale(x) * self.mlp(x)
        return h.logsumexp(dim=1)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 6, 4),),
    (torch.randn(2, 10, 4),),
    (torch.randn(2, 3, 4),),
]
dynamic_shapes = ({1: Dim.DYNAMIC},)
