import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """A Bernoulli log-likelihood written with the check around the computation: the `else`
    branch only raises."""

    def forward(self, probs, targets):
        torch._check(
            ((probs >= 0) & (probs <= 1)).all().item(),
            lambda: "probabilities must lie in [0, 1]",
        )  # expect: EXL101
        eps = 1e-6
        ll = targets * (probs + eps).log() + (1 - targets) * (1 - probs + eps).log()
        return ll.sum(-1)


torch.manual_seed(0)
example_inputs = [
    (torch.rand(4, 3), torch.randint(0, 2, (4, 3)).float()),
    (torch.rand(6, 3), torch.randint(0, 2, (6, 3)).float()),
    (torch.rand(2, 3), torch.randint(0, 2, (2, 3)).float()),
]
dynamic_shapes = ({0: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
