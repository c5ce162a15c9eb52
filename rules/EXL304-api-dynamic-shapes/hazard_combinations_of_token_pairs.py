import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Pairwise features over every pair of tokens, enumerated with torch.combinations."""

    def __init__(self):
        super().__init__()
        self.pair = torch.nn.Linear(8, 2)

    def forward(self, tokens):
        n = tokens.shape[1]
        pairs = torch.combinations(torch.arange(n), r=2)  # expect: EXL304
        left = tokens[:, pairs[:, 0]]
        right = tokens[:, pairs[:, 1]]
        return self.pair(torch.cat([left, right], dim=-1)).mean(1)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 5, 4),),
    (torch.randn(3, 8, 4),),
    (torch.randn(2, 4, 4),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
