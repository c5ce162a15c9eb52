import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Token pruning (DynamicViT style): keep the `budget` highest-scoring patch tokens."""

    def __init__(self):
        super().__init__()
        self.score = torch.nn.Linear(24, 1)
        self.mlp = torch.nn.Linear(24, 24)

    def forward(self, tokens, budget):
        # tokens: (batch, n_tokens, 24); budget: 0-d int64 tensor
        scores = self.score(tokens).squeeze(-1)
        keep = torch.topk(scores, torch.sym_int(budget.item()), dim=1).indices  # expect: EXL201
        kept = tokens.gather(1, keep[..., None].expand(-1, -1, tokens.shape[-1]))
        return self.mlp(kept)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 10, 24), torch.tensor(4)),
    (torch.randn(3, 16, 24), torch.tensor(7)),
    (torch.randn(2, 6, 24), torch.tensor(6)),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC}, None)
