import torch
from torch import nn
from torch.export import Dim

# The look-alike: the same "wrap a layer, or hand it back" helper, but the wrapper loops over
# a configured number of heads (a static trip count) and slices the feature axis, whose size
# does not change with the input.


def per_head(layer, heads=None):
    if heads is None:
        return layer

    def apply(x):
        width = x.shape[-1] // heads
        outs = [layer(x[..., h * width : (h + 1) * width]) for h in range(heads)]
        return torch.cat(outs, dim=-1)

    return apply


class Model(nn.Module):
    def __init__(self, heads=2):
        super().__init__()
        self.heads = heads
        self.mix = nn.Linear(4, 4)

    def forward(self, x):
        # x: (batch, time, 8)
        return per_head(self.mix, self.heads)(x) * x


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 9, 8),),
    (torch.randn(1, 14, 8),),
    (torch.randn(3, 5, 8),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
