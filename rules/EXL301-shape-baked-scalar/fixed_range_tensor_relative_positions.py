import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Relative position bias: query and key positions made from Python ranges."""

    def __init__(self, buckets=32):
        super().__init__()
        self.bias = torch.nn.Embedding(2 * buckets + 1, 1)
        self.buckets = buckets

    def forward(self, q, k):
        q_pos = torch.arange(q.shape[1], device=q.device)  # expect: EXL301
        k_pos = torch.arange(k.shape[1], dtype=torch.long, device=q.device)  # expect: EXL301
        rel = (k_pos[None, :] - q_pos[:, None]).clamp(-self.buckets, self.buckets)
        scores = q @ k.transpose(1, 2)
        return scores + self.bias(rel + self.buckets)[..., 0]


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 5, 8), torch.randn(2, 7, 8)),
    (torch.randn(3, 9, 8), torch.randn(3, 4, 8)),
    (torch.randn(2, 6, 8), torch.randn(2, 11, 8)),
]
dynamic_shapes = ({0: Dim("b"), 1: Dim.DYNAMIC}, {0: Dim("b"), 1: Dim.DYNAMIC})
