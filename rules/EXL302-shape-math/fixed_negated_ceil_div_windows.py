import torch
import torch.nn.functional as F
from torch.export import Dim


class Model(torch.nn.Module):
    """Local-window attention: the sequence is padded up to whole windows, the number of
    windows written as a ceil division by negation."""

    def __init__(self, dim=8, window=3):
        super().__init__()
        self.window = window
        self.qkv = torch.nn.Linear(dim, 3 * dim)

    def forward(self, x):
        windows = (x.size(1) + self.window - 1) // self.window  # expect: EXL302
        padded = F.pad(x, (0, 0, 0, windows * self.window - x.size(1)))
        q, k, v = self.qkv(padded).unflatten(1, (windows, self.window)).chunk(3, dim=-1)
        attn = (q @ k.transpose(-1, -2)).softmax(-1) @ v
        return attn.flatten(1, 2)[:, : x.size(1)]


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 10, 8),),
    (torch.randn(3, 14, 8),),
    (torch.randn(2, 8, 8),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
