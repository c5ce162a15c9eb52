# Source: the jittor port of Swin's `window_reverse` found through the code search
#   (`B = windows.shape[0] // (H // window_size * W // window_size)`), i.e. the integer form of
#   microsoft/Swin-Transformer's `int(windows.shape[0] / (H * W / window_size / window_size))`.
# Look-alike of swin_window_reverse_int.py: integer floor division of sizes exports and matches.
import torch
from torch import nn
from torch.export import Dim


def window_partition(x, window_size):
    b, h, w, c = x.shape
    x = x.view(b, h // window_size, window_size, w // window_size, window_size, c)
    return x.permute(0, 1, 3, 2, 4, 5).contiguous().view(-1, window_size, window_size, c)


def window_reverse(windows, window_size, h, w):
    b = windows.shape[0] // ((h // window_size) * (w // window_size))
    x = windows.view(b, h // window_size, w // window_size, window_size, window_size, -1)
    return x.permute(0, 1, 3, 2, 4, 5).contiguous().view(b, h, w, -1)


class Model(nn.Module):
    def __init__(self, dim=4, window_size=2):
        super().__init__()
        self.window_size = window_size
        self.proj = nn.Linear(dim, dim)

    def forward(self, x):
        b, h, w, c = x.shape
        windows = window_partition(x, self.window_size)
        windows = self.proj(windows)
        return window_reverse(windows, self.window_size, h, w)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 4, 6, 4),),
    (torch.randn(3, 8, 4, 4),),
    (torch.randn(5, 6, 8, 4),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC, 2: Dim.DYNAMIC},)
