import torch
from torch import nn
from torch.export import Dim


def make_pad_mask(lengths, xs=None):
    """espnet's make_pad_mask: lengths may be a list or a tensor; a tensor is read into a
    list first, then its maximum (an unbacked int) is made a Python int for the size."""
    if not isinstance(lengths, list):
        lengths = lengths.tolist()  # expect: EXL202
    bs = int(len(lengths))
    maxlen = int(max(lengths)) if xs is None else xs.size(-1)  # expect: EXL201
    seq_range = torch.arange(0, maxlen, dtype=torch.int64)
    seq_range_expand = seq_range.unsqueeze(0).expand(bs, maxlen)
    seq_length_expand = seq_range_expand.new_tensor(lengths).unsqueeze(-1)
    return seq_range_expand >= seq_length_expand


class Model(nn.Module):
    def forward(self, feats, lengths):
        mask = make_pad_mask(lengths)
        return feats[:, : mask.shape[1]].masked_fill(mask.unsqueeze(-1), 0.0)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 6, 3), torch.tensor([6, 4])),
    (torch.randn(2, 7, 3), torch.tensor([5, 7])),
    (torch.randn(2, 5, 3), torch.tensor([5, 2])),
]
dynamic_shapes = ({1: Dim.DYNAMIC}, None)
