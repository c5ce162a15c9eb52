# Source: facebookresearch/fairseq fairseq/models/wav2vec/utils.py (pad_to_multiple) as used by
#   fairseq/models/wav2vec/wav2vec2.py (TransformerEncoder.extract_features, cut to the padding):
#   `def pad_to_multiple(x, multiple, dim=-1, value=0): if x is None: return None, 0; tsz =
#   x.size(dim); m = tsz / multiple; remainder = math.ceil(m) * multiple - tsz; if m.is_integer():
#   return x, 0; pad_offset = (0,) * (-1 - dim) * 2; return F.pad(x, (*pad_offset, 0, remainder),
#   value=value), remainder`; `x, pad_length = pad_to_multiple(x, self.required_seq_len_multiple,
#   dim=-2, value=0)`, `if pad_length > 0 and padding_mask is None: padding_mask =
#   x.new_zeros((x.size(0), x.size(1)), dtype=torch.bool); padding_mask[:, -pad_length:] = True`,
#   ..., `# undo paddding` `if pad_length > 0: x = x[:, :-pad_length]`. (Copies of the helper
#   found by the code search add an `if torch.onnx.is_in_onnx_export():` branch that computes the
#   remainder with `torch.ceil` instead: the export problem is known.)
# What fails: `m.is_integer()` asks whether the dynamic length divided by the multiple is a
#   whole number, and `pad_length > 0` then picks the padding and the cut: the decision is made
#   at trace time on the traced length.
# Measured (torch 2.13, verification worker): export succeeds; ep.module() fails on an unseen
#   length (AssertionError: Guard failed: torch.sym_float(math.floor(features.size()[1] / 4)) !=
#   features.size()[1] / 4). Hand-fixed scratch copy (remainder `(-tsz) % multiple`, both
#   `pad_length > 0` tests removed, mask and cut written with sizes) verifies; putting back any
#   one of the three marked lines fails again.
import math

import torch
import torch.nn.functional as F
from torch import nn
from torch.export import Dim


def pad_to_multiple(x, multiple, dim=-1, value=0):
    if x is None:
        return None, 0
    tsz = x.size(dim)
    m = tsz / multiple
    remainder = math.ceil(m) * multiple - tsz
    if m.is_integer():  # expect: EXL102
        return x, 0
    pad_offset = (0,) * (-1 - dim) * 2
    return F.pad(x, (*pad_offset, 0, remainder), value=value), remainder


class TransformerEncoder(nn.Module):
    def __init__(self, dim=8, required_seq_len_multiple=4):
        super().__init__()
        self.required_seq_len_multiple = required_seq_len_multiple
        self.pos_conv = nn.Conv1d(dim, dim, 3, padding=1, groups=2)
        self.layer_norm = nn.LayerNorm(dim)
        self.attn = nn.MultiheadAttention(dim, 2, batch_first=True)

    def extract_features(self, x, padding_mask=None):
        x_conv = self.pos_conv(x.transpose(1, 2)).transpose(1, 2)
        x = self.layer_norm(x + x_conv)
        x, pad_length = pad_to_multiple(x, self.required_seq_len_multiple, dim=-2, value=0)
        if pad_length > 0 and padding_mask is None:  # expect: EXL102
            padding_mask = x.new_zeros((x.size(0), x.size(1)), dtype=torch.bool)
            padding_mask[:, -pad_length:] = True
        else:
            padding_mask, _ = pad_to_multiple(padding_mask, self.required_seq_len_multiple, dim=-1, value=True)
        x, _ = self.attn(x, x, x, key_padding_mask=padding_mask)
        if pad_length > 0:  # expect: EXL102
            x = x[:, :-pad_length]
        return x

    def forward(self, x):
        return self.extract_features(x)


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = TransformerEncoder()

    def forward(self, features):
        return self.encoder(features)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 10, 8),), (torch.randn(3, 13, 8),), (torch.randn(2, 8, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
