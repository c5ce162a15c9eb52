import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    """The PyTorch language-model tutorial's encoder (and a decoder stack) called with a
    causal mask and no `is_causal`: nn.TransformerEncoder / nn.TransformerDecoder compare the
    mask's values with a causal mask in Python (`_detect_is_causal_mask`)."""

    def __init__(self, d_model=8, nhead=2):
        super().__init__()
        layer = nn.TransformerEncoderLayer(d_model, nhead, 16, dropout=0.0, batch_first=True)
        self.transformer_encoder = nn.TransformerEncoder(layer, 2, enable_nested_tensor=False)
        self.decoder = nn.TransformerDecoder(
            nn.TransformerDecoderLayer(d_model, nhead, 16, dropout=0.0, batch_first=True), 1
        )

    def forward(self, src, tgt):
        src_mask = nn.Transformer.generate_square_subsequent_mask(src.size(1))
        memory = self.transformer_encoder(src, src_mask, is_causal=False)  # expect: EXL101
        tgt_mask = torch.triu(torch.ones(tgt.size(1), tgt.size(1), dtype=torch.bool), 1)
        return self.decoder(tgt, memory, tgt_mask=tgt_mask, tgt_is_causal=False)  # expect: EXL101


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 5, 8), torch.randn(2, 4, 8)),
    (torch.randn(3, 7, 8), torch.randn(3, 6, 8)),
    (torch.randn(1, 3, 8), torch.randn(1, 5, 8)),
]
dynamic_shapes = ({0: Dim("b"), 1: Dim.DYNAMIC}, {0: Dim("b"), 1: Dim.DYNAMIC})
