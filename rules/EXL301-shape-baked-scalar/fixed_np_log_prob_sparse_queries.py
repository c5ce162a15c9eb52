import numpy as np
import torch
from torch import nn
from torch.export import Dim


class ProbAttention(nn.Module):
    """Informer's ProbSparse self-attention: only the `factor * ceil(ln L)` queries with the
    largest sparsity measure attend; numpy computes the count on the sequence length and
    `.item()` reads it back, so export bakes the traced length's count."""

    def __init__(self, factor=2):
        super().__init__()
        self.factor = factor

    def forward(self, queries, keys):
        B, L_Q, D = queries.shape
        L_K = keys.shape[1]
        u = self.factor * torch.log(torch.tensor(L_Q, dtype=torch.float64)).ceil().long().item()  # expect: EXL301
        u = torch.sym_min(u, L_Q)  # expect: EXL101
        scores = queries @ keys.transpose(1, 2)
        sparsity = scores.max(-1)[0] - scores.sum(-1) / L_K
        top = sparsity.topk(u, sorted=False)[1]
        return torch.gather(queries, 1, top[..., None].expand(-1, -1, D)).mean(1)


Model = ProbAttention
torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 24, 8), torch.randn(2, 24, 8)),
    (torch.randn(3, 40, 8), torch.randn(3, 40, 8)),
    (torch.randn(1, 13, 8), torch.randn(1, 13, 8)),
]
dynamic_shapes = (
    {0: Dim("b"), 1: Dim("l", min=4, max=512)},
    {0: Dim("b"), 1: Dim("l", min=4, max=512)},
)
