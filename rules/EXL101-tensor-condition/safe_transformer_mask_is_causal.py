import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    """The same stacks told what the mask is (`is_causal=True`, `tgt_is_causal=True`): the
    mask is used as given, not compared. The layers themselves (TransformerEncoderLayer,
    MultiheadAttention) never compare it (measured on torch 2.13)."""

    def __init__(self, d_model=8, nhead=2):
        super().__init__()
        layer = nn.TransformerEncoderLayer(d_model, nhead, 16, dropout=0.0, batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, 1, enable_nested_tensor=False)
        self.block = nn.TransformerEncoderLayer(d_model, nhead, 16, dropout=0.0, batch_first=True)
        self.attn = nn.MultiheadAttention(d_model, nhead, batch_first=True)

    def forward(self, src, padding_mask=None):
        mask = nn.Transformer.generate_square_subsequent_mask(src.size(1))
        h = self.encoder(src, mask=mask, is_causal=True)
        h = self.block(h, src_mask=mask)
        h = self.encoder(h, src_key_padding_mask=padding_mask)
        out, _ = self.attn(h, h, h, attn_mask=mask, need_weights=False)
        return out


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 5, 8),), (torch.randn(3, 7, 8),), (torch.randn(1, 3, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
