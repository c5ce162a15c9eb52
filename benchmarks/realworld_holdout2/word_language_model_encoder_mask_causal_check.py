# Source: pytorch/examples word_language_model/model.py (PositionalEncoding.forward and
#   TransformerModel, paraphrased): `pe = torch.zeros(max_len, d_model)`, `position =
#   torch.arange(0, max_len, dtype=torch.float).unsqueeze(1)`, `div_term = torch.exp(torch.arange(0,
#   d_model, 2).float() * (-math.log(10000.0) / d_model))`, `self.register_buffer('pe', pe)`,
#   `x = x + self.pe[:x.size(0), :]`; `def _generate_square_subsequent_mask(self, sz): return
#   torch.log(torch.tril(torch.ones(sz,sz)))`; `if has_mask: if self.src_mask is None or
#   self.src_mask.size(0) != len(src): mask = self._generate_square_subsequent_mask(len(src))`,
#   `output = self.encoder(src, mask=self.src_mask)`.
# What fails: not the size code (the positional slice, `math.log` of a constant, the mask built
#   from the length all export) but the call of nn.TransformerEncoder with a float mask and no
#   `is_causal`: torch checks whether the mask is causal by comparing its values
#   (`_detect_is_causal_mask`), a data-dependent test (measured: with `is_causal=True` it exports
#   and matches).
import math

import torch
from torch import nn
from torch.export import Dim


class PositionalEncoding(nn.Module):
    def __init__(self, d_model, max_len=64):
        super().__init__()
        pe = torch.zeros(max_len, d_model)
        position = torch.arange(0, max_len, dtype=torch.float).unsqueeze(1)
        div_term = torch.exp(torch.arange(0, d_model, 2).float() * (-math.log(10000.0) / d_model))
        pe[:, 0::2] = torch.sin(position * div_term)
        pe[:, 1::2] = torch.cos(position * div_term)
        self.register_buffer("pe", pe.unsqueeze(1))

    def forward(self, x):
        return x + self.pe[: x.size(0), :]


class Model(nn.Module):
    def __init__(self, ntoken=30, ninp=8):
        super().__init__()
        self.encoder = nn.Embedding(ntoken, ninp)
        self.pos_encoder = PositionalEncoding(ninp)
        layer = nn.TransformerEncoderLayer(ninp, 2, 16, dropout=0.0)
        self.transformer_encoder = nn.TransformerEncoder(layer, 1, enable_nested_tensor=False)
        self.decoder = nn.Linear(ninp, ntoken)
        self.ninp = ninp

    @staticmethod
    def _generate_square_subsequent_mask(sz):
        return torch.log(torch.tril(torch.ones(sz, sz)))

    def forward(self, src):
        mask = self._generate_square_subsequent_mask(src.size(0))
        src = self.pos_encoder(self.encoder(src) * math.sqrt(self.ninp))
        return torch.log_softmax(self.decoder(self.transformer_encoder(src, mask)), dim=-1)  # expect: NONE-transformer-mask-value-check


torch.manual_seed(0)
example_inputs = [(torch.randint(0, 30, (7, 2)),), (torch.randint(0, 30, (12, 3)),), (torch.randint(0, 30, (4, 5)),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
