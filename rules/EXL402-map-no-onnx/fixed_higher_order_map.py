import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Score every candidate set against a shared query with torch's map operator."""

    def __init__(self):
        super().__init__()
        self.query = torch.nn.Parameter(torch.randn(16))
        self.key_proj = torch.nn.Linear(16, 16)

    def forward(self, candidates):
        def score(cands, query):
            keys = self.key_proj(cands)
            attn = torch.softmax(keys @ query / 4.0, dim=0)
            return (attn.unsqueeze(-1) * cands).sum(dim=0)

        return torch.vmap(score, in_dims=(0, None))(candidates, self.query)  # expect: EXL402


torch.manual_seed(0)
example_inputs = [
    (torch.randn(3, 5, 16),),
    (torch.randn(6, 5, 16),),
    (torch.randn(2, 5, 16),),
]
dynamic_shapes = ({0: Dim.DYNAMIC},)
