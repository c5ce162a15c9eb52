"""Token pruning with a keep ratio given as a tensor, carried to the helper in a small
namedtuple of budgets: `int(tokens * budget.ratio)` turns a float read out of a tensor into
a size. Under export `int()` asks for a specialized integer (`TruncToInt(...*zuf0)`);
`torch.sym_int(...)` keeps it a size the tracer can slice with (the same truncation in
eager). The linter does not follow the value through the namedtuple, so only the failed
verification shows it (the `.tolist()` of the limits is what it flags)."""

import collections

import torch
from torch.export import Dim

Budget = collections.namedtuple("Budget", ["ratio", "least"])


def keep_best(tokens, scores, budget):
    # the best tokens first, as many as the ratio keeps
    keep = int(tokens.shape[1] * budget.ratio)
    order = scores.argsort(dim=1, descending=True)[:, :keep]
    return torch.gather(tokens, 1, order[..., None].expand(-1, -1, tokens.shape[-1]))


class Model(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.score = torch.nn.Linear(4, 1)

    def forward(self, x, limits):
        budget = Budget(*limits.tolist())
        kept = keep_best(x, self.score(x).squeeze(-1), budget)
        return kept.mean(1)


example_inputs = [
    (torch.randn(2, 8, 4), torch.tensor([0.5, 1.0])),
    (torch.randn(3, 10, 4), torch.tensor([0.5, 1.0])),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC}, None)
