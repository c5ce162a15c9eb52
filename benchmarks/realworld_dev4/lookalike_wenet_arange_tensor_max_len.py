# Source: wenet-e2e/wenet wenet/utils/mask.py (make_pad_mask) and espnet's make_pad_mask: `max_len
#   = max_len if max_len > 0 else lengths.max().item()`, `seq_range = torch.arange(0, max_len,
#   dtype=torch.int64, device=lengths.device)`; spelled without `.item()` in many speech repos:
#   `torch.arange(lengths.max())`.
# Look-alike (measured on torch 2.13: exports, converts and matches eager on unseen sizes; the
#   failure one would expect does not happen). The expected failure was: `torch.arange` of a tensor bound takes its value (an implicit `.item()`): the mask
#   width is data-dependent and torch.export cannot size it.
import torch
from torch import nn
from torch.export import Dim


def make_pad_mask(lengths):
    batch_size = lengths.size(0)
    seq_range = torch.arange(lengths.max())
    seq_range_expand = seq_range.unsqueeze(0).expand(batch_size, -1)
    return seq_range_expand >= lengths.unsqueeze(-1)


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.proj = nn.Linear(1, 2)

    def forward(self, lengths):
        mask = make_pad_mask(lengths)
        return self.proj(mask.float().unsqueeze(-1)).sum(1)


torch.manual_seed(0)
example_inputs = [(torch.tensor([3, 5]),), (torch.tensor([2]),), (torch.tensor([4, 1, 6]),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
