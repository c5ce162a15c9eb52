# Source: espnet/espnet espnet/nets/pytorch_backend/nets_utils.py (make_pad_mask) and its
#   export-friendly variant in espnet_onnx: `seq_range = torch.arange(0, maxlen, dtype=torch.int64)`
#   with `maxlen = xs.size(1)` taken from the padded features, `seq_range_expand =
#   seq_range.unsqueeze(0).expand(bs, maxlen)`, `mask = seq_range_expand >= seq_length_expand`.
# Look-alike: the mask width is the padded input's own (symbolic) length, not `lengths.max()`:
#   exports with dynamic batch and time, and matches eager.
import torch
from torch import nn
from torch.export import Dim


def make_pad_mask(lengths, xs):
    bs = lengths.size(0)
    maxlen = xs.size(1)
    seq_range = torch.arange(0, maxlen, dtype=torch.int64)
    seq_range_expand = seq_range.unsqueeze(0).expand(bs, maxlen)
    seq_length_expand = lengths.unsqueeze(-1)
    return seq_range_expand >= seq_length_expand


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.proj = nn.Linear(4, 4)

    def forward(self, xs, lengths):
        mask = make_pad_mask(lengths, xs)
        return self.proj(xs).masked_fill(mask.unsqueeze(-1), 0.0)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 6, 4), torch.tensor([6, 3])),
    (torch.randn(1, 9, 4), torch.tensor([9])),
    (torch.randn(3, 5, 4), torch.tensor([2, 5, 4])),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
