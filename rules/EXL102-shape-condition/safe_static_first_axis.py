import torch
from torch.export import Dim


def make_inputs(frames):
    """Four channels of `frames` samples each (the rank is not visible to a reader of
    `example_inputs`)."""
    return (torch.randn(4, frames, 8),)


class Model(torch.nn.Module):
    """Stereo-or-mono mixing on the first axis, which dynamic_shapes leaves static (only axis
    1, the frames, is declared dynamic): `x.shape[0]`, `x.size(0)` and the `c` of
    `c, t, _ = x.shape` are fixed numbers while tracing, so the tests on them are decided."""

    def __init__(self, d=8):
        super().__init__()
        self.proj = torch.nn.Linear(d, d)

    def forward(self, x):
        c, t, _ = x.shape
        if x.shape[0] == 4 and c > 2:
            mixed = x[:2] + x[2:]
        else:
            mixed = x
        if c != x.size(0) * 2:
            mixed = mixed.mean(0, keepdim=True)
        return self.proj(mixed)


torch.manual_seed(0)
example_inputs = [make_inputs(7), make_inputs(12), make_inputs(3)]
dynamic_shapes = ({1: Dim.DYNAMIC},)
