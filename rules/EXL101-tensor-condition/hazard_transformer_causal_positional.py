import torch
from torch import nn
from torch.export import Dim


class Translator(nn.Module):
    """A seq2seq model that builds its decoder mask with the library's
    `generate_square_subsequent_mask` and passes the masks by position
    (`transformer(src, tgt, src_mask, tgt_mask)`): the tgt mask is compared with a causal mask
    in Python."""

    def __init__(self, d_model=8):
        super().__init__()
        self.transformer = nn.Transformer(d_model, 2, 1, 1, 16, dropout=0.0, batch_first=True)
        self.head = nn.Linear(d_model, 3)

    def forward(self, src, tgt):
        causal = nn.Transformer.generate_square_subsequent_mask(tgt.size(1))
        out = self.transformer(src, tgt, None, causal)  # expect: EXL101
        return self.head(out)


Model = Translator
torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 5, 8), torch.randn(2, 4, 8)),
    (torch.randn(3, 7, 8), torch.randn(3, 6, 8)),
    (torch.randn(1, 3, 8), torch.randn(1, 5, 8)),
]
dynamic_shapes = ({0: Dim("b"), 1: Dim.DYNAMIC}, {0: Dim("b"), 1: Dim.DYNAMIC})
