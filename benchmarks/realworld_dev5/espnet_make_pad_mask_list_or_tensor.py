# Source: espnet/espnet espnet/nets/pytorch_backend/nets_utils.py (`make_pad_mask`:
#   `if not isinstance(lengths, list): lengths = lengths.long().tolist()`, `bs = int(len(lengths))`,
#   `maxlen = int(max(lengths))` when `xs` is None, `seq_range = torch.arange(0, maxlen, ...)`).
# What fails: the lengths are read into a Python list, and the int() of their maximum needs a
#   concrete value: GuardOnDataDependentSymNode ("Could not extract specialized integer").
import torch
from torch import nn
from torch.export import Dim


def make_pad_mask(lengths, xs=None):
    if not isinstance(lengths, list):
        lengths = lengths.long().tolist()  # expect: EXL202
    bs = int(len(lengths))
    if xs is None:
        maxlen = int(max(lengths))  # expect: EXL201
    else:
        maxlen = xs.size(-1)
    seq_range = torch.arange(0, maxlen, dtype=torch.int64)
    seq_range_expand = seq_range.unsqueeze(0).expand(bs, maxlen)
    seq_length_expand = seq_range_expand.new_tensor(lengths).unsqueeze(-1)
    return seq_range_expand >= seq_length_expand


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.proj = nn.Linear(3, 3)

    def forward(self, feats, ilens):
        mask = make_pad_mask(ilens)
        feats = feats[:, : mask.size(1)]
        return self.proj(feats).masked_fill(mask.unsqueeze(-1), 0.0)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 6, 3), torch.tensor([6, 4])),
    (torch.randn(2, 7, 3), torch.tensor([5, 7])),
    (torch.randn(2, 5, 3), torch.tensor([5, 2])),
]
dynamic_shapes = ({1: Dim.DYNAMIC}, None)
