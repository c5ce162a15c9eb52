import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Sentence embedding: encode tokens, then mean-pool over the sequence.

    torch.tensor(seq_len) (unlike torch.as_tensor) is traced symbolically.
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
        denom = torch.tensor(seq_len).to(h.dtype)
        return h.sum(dim=1) / denom


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 6, 16),),
    (torch.randn(2, 11, 16),),
    (torch.randn(2, 3, 16),),
]
dynamic_shapes = ({1: Dim.DYNAMIC},)
