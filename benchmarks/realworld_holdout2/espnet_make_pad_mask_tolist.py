# Source: espnet/espnet espnet/nets/pytorch_backend/nets_utils.py (make_pad_mask, paraphrased):
#   `if not isinstance(lengths, list): lengths = lengths.long().tolist()`, `bs =
#   int(len(lengths))`, `if maxlen is None: if xs is None: maxlen = int(max(lengths)) else: maxlen =
#   xs.size(length_dim)`, `seq_range = torch.arange(0, maxlen, dtype=torch.int64)`,
#   `seq_range_expand = seq_range.unsqueeze(0).expand(bs, maxlen)`, `seq_length_expand =
#   seq_range_expand.new(lengths).unsqueeze(-1)`, `mask = seq_range_expand >= seq_length_expand`;
#   called as `masks = (~make_pad_mask(ilens)[:, None, :])` by the encoders.
# What fails: the lengths tensor is turned into a Python list (`.tolist()`), and the mask width
#   is the Python max of that list: both are baked (or data-dependent) in export.
import torch
from torch import nn
from torch.export import Dim


def make_pad_mask(lengths, xs=None, length_dim=-1, maxlen=None):
    if not isinstance(lengths, list):
        lengths = lengths.long().tolist()  # expect: EXL202
    bs = int(len(lengths))
    if maxlen is None:
        if xs is None:
            maxlen = int(max(lengths))  # expect: EXL201
        else:
            maxlen = xs.size(length_dim)
    seq_range = torch.arange(0, maxlen, dtype=torch.int64)
    seq_range_expand = seq_range.unsqueeze(0).expand(bs, maxlen)
    seq_length_expand = seq_range_expand.new(lengths).unsqueeze(-1)
    return seq_range_expand >= seq_length_expand


class Model(nn.Module):
    def __init__(self, idim=6, adim=8):
        super().__init__()
        self.embed = nn.Linear(idim, adim)
        self.attn = nn.MultiheadAttention(adim, 2, batch_first=True)

    def forward(self, xs_pad, ilens):
        masks = make_pad_mask(ilens)
        h = self.embed(xs_pad[:, : masks.shape[1]])
        out, _ = self.attn(h, h, h, key_padding_mask=masks)
        return out.masked_fill(masks.unsqueeze(-1), 0.0)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 7, 6), torch.tensor([7, 4])),
    (torch.randn(3, 9, 6), torch.tensor([9, 9, 2])),
    (torch.randn(2, 12, 6), torch.tensor([5, 12])),
]
dynamic_shapes = ({0: Dim("batch"), 1: Dim.DYNAMIC}, {0: Dim("batch")})
