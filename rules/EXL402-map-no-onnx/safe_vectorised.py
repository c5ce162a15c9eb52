import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Candidate-set attention pooling, vectorised over the set dimension (no map operator)."""

    def __init__(self):
        super().__init__()
        self.query = torch.nn.Parameter(torch.randn(16))
        self.key_proj = torch.nn.Linear(16, 16)

    def forward(self, candidates):
        keys = self.key_proj(candidates)
        attn = torch.softmax(keys @ self.query / 4.0, dim=1)
        return (attn.unsqueeze(-1) * candidates).sum(dim=1)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(3, 5, 16),),
    (torch.randn(6, 5, 16),),
    (torch.randn(2, 5, 16),),
]
dynamic_shapes = ({0: Dim.DYNAMIC},)
