import torch
from torch.export import Dim
import math


class Model(torch.nn.Module):
    """Token pruning: keep the top `keep_ratio` share of the tokens by score (a
    DynamicViT / EViT style keep rate); the count is rounded from the float share."""

    def __init__(self, dim=6, keep_ratio=0.7):
        super().__init__()
        self.keep_ratio = keep_ratio
        self.score = torch.nn.Linear(dim, 1)

    def forward(self, tokens):
        num_tokens = tokens.shape[1]
        keep = math.floor(num_tokens * self.keep_ratio + 0.5)  # expect: EXL302
        scores = self.score(tokens).squeeze(-1)
        order = scores.argsort(dim=1, descending=True)[:, :keep]
        return torch.gather(tokens, 1, order[..., None].expand(-1, -1, tokens.shape[-1]))


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 10, 6),),
    (torch.randn(3, 13, 6),),
    (torch.randn(2, 7, 6),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
