import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Local attention-style pooling: the sequence cut into windows of 4 tokens.

    split(4, dim=1) returns a Python list whose length is fixed at trace time: the exported
    program guards on the number of windows.
    """

    def forward(self, seq):
        windows = seq.split(4, dim=1)  # expect: EXL304
        return torch.cat([w.amax(dim=1, keepdim=True) for w in windows], dim=1)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 12, 6),),
    (torch.randn(3, 17, 6),),
    (torch.randn(2, 7, 6),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
