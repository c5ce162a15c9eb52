import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Token pruning with a configured budget: the kept count is rounded from the
    configured number of slots, never from the input's length."""

    def __init__(self, dim=6, slots=10, keep_ratio=0.7):
        super().__init__()
        self.keep = round(slots * keep_ratio)
        self.score = torch.nn.Linear(dim, 1)

    def forward(self, tokens):
        budget = round(self.keep * 1.0)
        scores = self.score(tokens).squeeze(-1)
        order = scores.topk(budget, dim=1).indices
        return torch.gather(tokens, 1, order[..., None].expand(-1, -1, tokens.shape[-1]))


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 10, 6),),
    (torch.randn(3, 13, 6),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
