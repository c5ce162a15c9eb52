import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Frame pooling that requires at least 8 frames with `torch._check`. The fact holds
    through arithmetic: `n // 2 >= 4` follows from `n >= 8`, so the test is decided and export
    records no guard for it."""

    def forward(self, x):
        n = x.shape[1]
        torch._check(n >= 8)
        if n // 2 >= 4:
            x = x * 2.0
        return x.mean(dim=1)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 10, 4),),
    (torch.randn(3, 8, 4),),
    (torch.randn(2, 23, 4),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
