import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """The cache is rebuilt only outside export, as transformers does with
    is_torchdynamo_compiling(): the exported program reads the table it has."""

    def __init__(self, dim=8, cached=16):
        super().__init__()
        self.dim = dim
        self.cached = cached
        self._build(cached)

    def _build(self, length):
        t = torch.arange(length, dtype=torch.float32)[:, None]
        freq = 1.0 / (100.0 ** (torch.arange(self.dim, dtype=torch.float32) / self.dim))
        self.register_buffer("cos_table", (t * freq).cos(), persistent=False)

    def forward(self, x, seq_len):
        if not torch.compiler.is_exporting() and seq_len > self.cached:
            self._build(seq_len)
        return x * self.cos_table[: x.shape[1]]


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 5, 8), torch.tensor(5)),
    (torch.randn(3, 11, 8), torch.tensor(11)),
    (torch.randn(2, 3, 8), torch.tensor(3)),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC}, None)
