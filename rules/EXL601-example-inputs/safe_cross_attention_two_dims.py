import torch
from torch.export import Dim

batch = Dim("batch")
q_len = Dim("q_len")
kv_len = Dim("kv_len")


class Model(torch.nn.Module):
    """Cross-attention with one Dim per length: 5 queries and 7 memory slots are fine."""

    def __init__(self):
        super().__init__()
        self.attn = torch.nn.MultiheadAttention(8, 2, batch_first=True)

    def forward(self, queries, memory):
        out, _ = self.attn(queries, memory, memory, need_weights=False)
        return out


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 5, 8), torch.randn(2, 7, 8)),
    (torch.randn(3, 4, 8), torch.randn(3, 9, 8)),
]
dynamic_shapes = ({0: batch, 1: q_len}, {0: batch, 1: kv_len})
