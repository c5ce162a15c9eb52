# Source: speechbrain/speechbrain speechbrain/dataio/dataio.py (length_to_mask) and
#   speechbrain/lobes/models/transformer/TransformerASR.py (make_transformer_src_mask /
#   make_padding_masks, paraphrased): `abs_len = torch.round(wav_len * src.shape[1])`,
#   `src_key_padding_mask = ~length_to_mask(abs_len).bool()`; and `def length_to_mask(length,
#   max_len=None, dtype=None, device=None): assert len(length.shape) == 1; if max_len is None:
#   max_len = length.max().long().item(); mask = torch.arange(max_len, device=length.device,
#   dtype=length.dtype).expand(len(length), max_len) < length.unsqueeze(1)`.
# What fails: the mask width is `length.max().item()`, a number read from the data, but the mask
#   is used against the padded source whose length is the dynamic input size; export cannot
#   prove the two agree.
import torch
from torch import nn
from torch.export import Dim


def length_to_mask(length, max_len=None, dtype=None, device=None):
    assert len(length.shape) == 1
    if max_len is None:
        max_len = length.max().long().item()  # expect: EXL201
    mask = torch.arange(max_len, device=length.device, dtype=length.dtype).expand(len(length), max_len) < length.unsqueeze(1)  # expect: EXL303
    if dtype is None:
        dtype = length.dtype
    return torch.as_tensor(mask, dtype=dtype, device=device)


def make_padding_masks(src, wav_len=None):
    src_key_padding_mask = None
    if wav_len is not None:
        abs_len = torch.round(wav_len * src.shape[1])
        src_key_padding_mask = ~length_to_mask(abs_len).bool()
    return src_key_padding_mask


class Model(nn.Module):
    def __init__(self, dim=8):
        super().__init__()
        layer = nn.TransformerEncoderLayer(dim, 2, 16, dropout=0.0, batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, 1, enable_nested_tensor=False)

    def forward(self, src, wav_len):
        mask = make_padding_masks(src, wav_len)
        return self.encoder(src, src_key_padding_mask=mask)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 6, 8), torch.tensor([1.0, 0.5])),
    (torch.randn(3, 10, 8), torch.tensor([1.0, 0.8, 0.3])),
    (torch.randn(2, 9, 8), torch.tensor([0.4, 1.0])),
]
dynamic_shapes = ({0: Dim("batch"), 1: Dim.DYNAMIC}, {0: Dim("batch")})
