# Source: microsoft/Swin-Transformer models/swin_transformer.py `window_reverse` (copied into
#   many repositories, e.g. towhee's video swin: `b = int(windows.shape[0] / (h * w /
#   window_size / window_size))`), read through the code search.
# What fails: `int()` of a float computed from dynamic sizes: export bakes the batch size
#   (or guards on it), so other batch sizes fail.
import torch
from torch import nn
from torch.export import Dim


def window_partition(x, window_size):
    b, h, w, c = x.shape
    x = x.view(b, h // window_size, window_size, w // window_size, window_size, c)
    return x.permute(0, 1, 3, 2, 4, 5).contiguous().view(-1, window_size, window_size, c)


def window_reverse(windows, window_size, h, w):
    b = int(windows.shape[0] / (h * w / window_size / window_size))  # expect: EXL301
    x = windows.view(b, h // window_size, w // window_size, window_size, window_size, -1)
    return x.permute(0, 1, 3, 2, 4, 5).contiguous().view(b, h, w, -1)


class Model(nn.Module):
    def __init__(self, dim=4, window_size=2):
        super().__init__()
        self.window_size = window_size
        self.attn = nn.MultiheadAttention(dim, 1, batch_first=True)

    def forward(self, x):
        b, h, w, c = x.shape
        windows = window_partition(x, self.window_size).view(-1, self.window_size**2, c)
        windows, _ = self.attn(windows, windows, windows)
        windows = windows.view(-1, self.window_size, self.window_size, c)
        return window_reverse(windows, self.window_size, h, w)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 4, 6, 4),),
    (torch.randn(3, 8, 4, 4),),
    (torch.randn(5, 6, 8, 4),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC, 2: Dim.DYNAMIC},)
