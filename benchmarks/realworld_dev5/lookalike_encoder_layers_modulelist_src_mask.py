# Source: models that stack nn.TransformerEncoderLayer in their own ModuleList instead of
#   nn.TransformerEncoder (e.g. the "Transformer for time series" tutorials and DETR-style
#   encoders: `for layer in self.layers: x = layer(x, src_mask=mask, src_key_padding_mask=pad)`).
# Look-alike: the layers do not compare the mask with a causal one: exports and matches eager.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, d_model=8, nhead=2, num_layers=2):
        super().__init__()
        self.layers = nn.ModuleList(
            [
                nn.TransformerEncoderLayer(d_model, nhead, 16, dropout=0.0, batch_first=True)
                for _ in range(num_layers)
            ]
        )
        self.head = nn.Linear(d_model, 1)

    def forward(self, x):
        mask = nn.Transformer.generate_square_subsequent_mask(x.size(1))
        for layer in self.layers:
            x = layer(x, src_mask=mask)
        return self.head(x).squeeze(-1)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 6, 8),), (torch.randn(3, 4, 8),), (torch.randn(1, 9, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
