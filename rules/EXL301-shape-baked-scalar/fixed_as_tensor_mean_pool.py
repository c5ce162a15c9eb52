import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Sentence embedding: encode tokens, then mean-pool over the sequence.

    The divisor is built with torch.as_tensor(seq_len), which turns the
    dynamic size into a constant baked into the graph.
    """

    def __init__(self):
        super().__init__()
        self.encoder = torch.nn.Sequential(
            torch.nn.Linear(16, 32),
            torch.nn.GELU(),
            torch.nn.Linear(32, 32),
        )
        self.norm = torch.nn.LayerNorm(32)

    def forward(self, tokens):
        h = self.norm(self.encoder(tokens))  # (batch, seq, 32)
        seq_len = h.size(1)
        denom = torch.tensor(seq_len, dtype=h.dtype)  # expect: EXL301
        return h.sum(dim=1) / denom


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 6, 16),),
    (torch.randn(2, 11, 16),),
    (torch.randn(2, 3, 16),),
]
dynamic_shapes = ({1: Dim.DYNAMIC},)
