# Source: pytorch/examples word_language_model/model.py after the `is_causal` API (pytorch/pytorch
#   PR #98327 / #105265: "is_causal provides a hint that mask is the causal mask"):
#   `self.encoder(src, mask=mask, is_causal=True)`.
# Look-alike: with `is_causal=True` the encoder uses the mask as given and never compares it:
#   exports and matches eager.
import math

import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, ntoken=20, ninp=8, nhead=2, nhid=16, nlayers=2):
        super().__init__()
        self.input_emb = nn.Embedding(ntoken, ninp)
        layers = nn.TransformerEncoderLayer(ninp, nhead, nhid, dropout=0.0)
        self.encoder = nn.TransformerEncoder(layers, nlayers, enable_nested_tensor=False)
        self.decoder = nn.Linear(ninp, ntoken)
        self.ninp = ninp

    def forward(self, src):
        mask = nn.Transformer.generate_square_subsequent_mask(src.size(0))
        src = self.input_emb(src) * math.sqrt(self.ninp)
        output = self.encoder(src, mask=mask, is_causal=True)
        return torch.log_softmax(self.decoder(output), dim=-1)


torch.manual_seed(0)
example_inputs = [
    (torch.randint(0, 20, (6, 2)),),
    (torch.randint(0, 20, (9, 3)),),
    (torch.randint(0, 20, (4, 1)),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
