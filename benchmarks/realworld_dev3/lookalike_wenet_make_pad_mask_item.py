# Source: wenet-e2e/wenet wenet/utils/mask.py (make_pad_mask): `batch_size = lengths.size(0)`,
#   `max_len = max_len if max_len > 0 else lengths.max().item()`, `seq_range = torch.arange(0,
#   max_len, dtype=torch.int64, device=lengths.device)`, `seq_range_expand =
#   seq_range.unsqueeze(0).expand(batch_size, max_len)`, `seq_length_expand = lengths.unsqueeze(-1)`,
#   `mask = seq_range_expand >= seq_length_expand`; the encoder: `masks = ~make_pad_mask(xs_lens,
#   T).unsqueeze(1)` with `T = xs.size(1)`, here called without T as in the CTC/attention helpers.
# Look-alike: the `.item()` length only sizes an arange compared with the lengths (the mask's
#   own width); torch.export keeps it as an unbacked size: exports and matches eager.
import torch
from torch import nn
from torch.export import Dim


def make_pad_mask(lengths: torch.Tensor, max_len: int = 0) -> torch.Tensor:
    batch_size = lengths.size(0)
    max_len = max_len if max_len > 0 else lengths.max().item()
    seq_range = torch.arange(0, max_len, dtype=torch.int64, device=lengths.device)
    seq_range_expand = seq_range.unsqueeze(0).expand(batch_size, max_len)
    seq_length_expand = lengths.unsqueeze(-1)
    mask = seq_range_expand >= seq_length_expand
    return mask


class Model(nn.Module):
    def __init__(self, idim=6, odim=4):
        super().__init__()
        self.proj = nn.Linear(idim, odim)

    def forward(self, xs, xs_lens):
        masks = ~make_pad_mask(xs_lens).unsqueeze(-1)
        ys = self.proj(xs) * masks
        return ys.sum(1) / xs_lens.unsqueeze(-1)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 7, 6), torch.tensor([7, 4])),
    (torch.randn(3, 5, 6), torch.tensor([2, 5, 3])),
    (torch.randn(1, 9, 6), torch.tensor([9])),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
