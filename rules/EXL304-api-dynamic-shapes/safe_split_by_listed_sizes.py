import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Prefix and rest of a sequence split by a list of two sizes (always two pieces), and
    the feature axis (static) split into heads of 3."""

    def forward(self, seq):
        n = seq.shape[1] // 2
        head, tail = seq.split([n, seq.shape[1] - n], dim=1)
        a, b = seq.split(3, dim=-1)
        return head.sum(1) + tail.mean(1) + (a * b).sum(dim=(1, 2))[:, None]


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 12, 6),),
    (torch.randn(3, 17, 6),),
    (torch.randn(2, 7, 6),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
