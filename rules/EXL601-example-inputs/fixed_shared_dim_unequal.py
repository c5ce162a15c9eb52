import torch
from torch.export import Dim

batch = Dim("batch")
length = Dim("length")


class Model(torch.nn.Module):
    """Cross-attention. The spec gives queries and memory the same `length` Dim, but the
    examples have 5 queries and 7 memory slots: torch.export fails ("... is not equal to
    ...")."""

    def __init__(self):
        super().__init__()
        self.attn = torch.nn.MultiheadAttention(8, 2, batch_first=True)

    def forward(self, queries, memory):
        out, _ = self.attn(queries, memory, memory, need_weights=False)
        return out


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 5, 8), torch.randn(2, 7, 8)),  # expect: EXL601
    (torch.randn(3, 4, 8), torch.randn(3, 9, 8)),
]
dynamic_shapes = ({0: batch, 1: length}, {0: batch, 1: torch.export.Dim.DYNAMIC})
