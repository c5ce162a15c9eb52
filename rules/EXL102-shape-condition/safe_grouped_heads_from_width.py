import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Grouped-query scores: the query and key projections are split into heads with `-1`,
    and the keys are repeated when there are fewer key heads than query heads. The `-1` of
    `view(b, s, -1, head_dim)` absorbs only the projection's width (b and s are spelled
    out): the number of heads is static and the test adds no guard."""

    def __init__(self, width=12, q_heads=4, kv_heads=2):
        super().__init__()
        self.head_dim = width // q_heads
        self.to_q = torch.nn.Linear(width, q_heads * self.head_dim)
        self.to_k = torch.nn.Linear(width, kv_heads * self.head_dim)

    def forward(self, tokens):
        b, s, _ = tokens.shape
        q = self.to_q(tokens).view(b, s, -1, self.head_dim)
        k = self.to_k(tokens).view(b, s, -1, self.head_dim)
        if k.shape[2] != q.shape[2]:
            k = k.repeat_interleave(q.shape[2] // k.shape[2], dim=2)
        return torch.einsum("bqhd,bkhd->bhqk", q, k).softmax(-1)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 5, 12),),
    (torch.randn(3, 9, 12),),
    (torch.randn(1, 2, 12),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
