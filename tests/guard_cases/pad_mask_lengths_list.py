"""espnet's make_pad_mask: the mask of padded frames from the lengths, read into a list
(`lengths.long().tolist()`, then `int(max(lengths))` and `seq_range_expand.new(lengths)`).
Under export the list fixes the batch and `.new()` of its unbacked numbers asks for plain
integers (`Could not extract specialized integer from data-dependent expression u0`): the
fix keeps the lengths a tensor."""

import torch
from torch.export import Dim


def make_pad_mask(lengths, xs=None, length_dim=-1, maxlen=None):
    if length_dim == 0:
        raise ValueError("length_dim cannot be 0: {}".format(length_dim))  # noqa: UP032

    if not isinstance(lengths, list):
        lengths = lengths.long().tolist()

    bs = int(len(lengths))  # noqa: RUF046
    if maxlen is None:
        if xs is None:  # noqa: SIM108
            maxlen = int(max(lengths))
        else:
            maxlen = xs.size(length_dim)
    else:
        assert xs is None
        assert maxlen >= int(max(lengths))

    seq_range = torch.arange(0, maxlen, dtype=torch.int64)
    seq_range_expand = seq_range.unsqueeze(0).expand(bs, maxlen)
    seq_length_expand = seq_range_expand.new(lengths).unsqueeze(-1)
    mask = seq_range_expand >= seq_length_expand
    return mask


class Model(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.proj = torch.nn.Linear(4, 4)

    def forward(self, x, lengths):
        masks = ~make_pad_mask(lengths)[:, :, None]
        return self.proj(x).masked_fill(~masks, 0.0).sum(1) / lengths[:, None]


example_inputs = [
    (torch.randn(2, 7, 4), torch.tensor([7, 5])),
    (torch.randn(3, 9, 4), torch.tensor([4, 9, 6])),
]
batch = Dim("batch")
dynamic_shapes = ({0: batch, 1: Dim.DYNAMIC}, {0: batch})
