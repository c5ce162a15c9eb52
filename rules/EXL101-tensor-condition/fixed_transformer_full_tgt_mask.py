import torch
from torch import nn
from torch.export import Dim


class Seq2Seq(nn.Module):
    """nn.Transformer with a target mask as its forward argument (a translation model's
    decoder-side causal mask): nn.Transformer hands it on with `tgt_is_causal=None`, and the
    decoder compares its values with a causal mask."""

    def __init__(self, d_model=8):
        super().__init__()
        self.transformer = nn.Transformer(
            d_model, 2, 1, 1, 16, dropout=0.0, batch_first=True
        )
        self.out = nn.Linear(d_model, 5)

    def forward(self, src, tgt, tgt_mask):
        hidden = self.transformer(src, tgt, tgt_mask=tgt_mask, tgt_is_causal=False)  # expect: EXL101
        return self.out(hidden)


Model = Seq2Seq


def _causal(n):
    return torch.triu(torch.full((n, n), float("-inf")), 1)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 5, 8), torch.randn(2, 4, 8), _causal(4)),
    (torch.randn(3, 7, 8), torch.randn(3, 6, 8), _causal(6)),
    (torch.randn(1, 3, 8), torch.randn(1, 5, 8), _causal(5)),
]
dynamic_shapes = (
    {0: Dim("b"), 1: Dim.DYNAMIC},
    {0: Dim("b"), 1: Dim("t")},
    {0: Dim("t"), 1: Dim("t")},
)
