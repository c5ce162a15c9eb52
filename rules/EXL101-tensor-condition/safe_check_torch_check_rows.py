import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """The data check written the way export keeps it: `torch._check` of a bool read with
    `.item()`, under a Python test of the optional mask."""

    def forward(self, x, mask=None):
        if mask is not None:
            torch._check(
                torch.logical_not((mask.sum(-1) == 0).any()).item(),
                lambda: "every row needs at least one unmasked position",
            )
            x = x.masked_fill(~mask[..., None], 0.0)
        return x.sum(1)


def _inputs(batch, length):
    return (torch.randn(batch, length, 4), torch.ones(batch, length, dtype=torch.bool))


torch.manual_seed(0)
example_inputs = [_inputs(2, 5), _inputs(3, 7)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC}, {0: Dim.DYNAMIC, 1: Dim.DYNAMIC})
