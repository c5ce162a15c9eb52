# Source: wenet-e2e/wenet wenet/utils/mask.py (make_pad_mask) and wenet/transformer/encoder.py
#   (BaseEncoder.forward, paraphrased): `T = xs.size(1)`, `masks = ~make_pad_mask(xs_lens,
#   T).unsqueeze(1)  # (B, 1, T)`; `def make_pad_mask(lengths, max_len=0): batch_size =
#   lengths.size(0); max_len = max_len if max_len > 0 else lengths.max().item(); seq_range =
#   torch.arange(0, max_len, dtype=torch.int64, device=lengths.device); seq_range_expand =
#   seq_range.unsqueeze(0).expand(batch_size, max_len); seq_length_expand = lengths.unsqueeze(-1);
#   mask = seq_range_expand >= seq_length_expand; return mask`.
# Look-alike: the helper has a `.item()` fallback, but the encoder always passes the padded
#   length (`xs.size(1)`), so `max_len > 0` tests a size that is always positive and the `.item()`
#   branch is never traced: exports and matches eager.
import torch
from torch import nn
from torch.export import Dim


def make_pad_mask(lengths, max_len=0):
    batch_size = lengths.size(0)
    max_len = max_len if max_len > 0 else lengths.max().item()
    seq_range = torch.arange(0, max_len, dtype=torch.int64, device=lengths.device)
    seq_range_expand = seq_range.unsqueeze(0).expand(batch_size, max_len)
    seq_length_expand = lengths.unsqueeze(-1)
    return seq_range_expand >= seq_length_expand


class Model(nn.Module):
    def __init__(self, idim=6, dim=8):
        super().__init__()
        self.embed = nn.Linear(idim, dim)
        self.attn = nn.MultiheadAttention(dim, 2, batch_first=True)

    def forward(self, xs, xs_lens):
        T = xs.size(1)
        masks = ~make_pad_mask(xs_lens, T).unsqueeze(1)
        h = self.embed(xs)
        out, _ = self.attn(h, h, h, key_padding_mask=~masks[:, 0])
        return out * masks.transpose(1, 2)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 7, 6), torch.tensor([7, 4])),
    (torch.randn(3, 10, 6), torch.tensor([10, 10, 3])),
    (torch.randn(2, 5, 6), torch.tensor([2, 5])),
]
b = Dim("b")
dynamic_shapes = ({0: b, 1: Dim.DYNAMIC}, {0: b})
