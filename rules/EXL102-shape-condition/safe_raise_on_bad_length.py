import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Token encoder with learned positions; shape checks only raise, they never pick a branch."""

    def __init__(self):
        super().__init__()
        self.max_positions = 64
        self.dim = 12
        self.tok = torch.nn.Embedding(100, self.dim)
        self.pos = torch.nn.Parameter(torch.randn(1, self.max_positions, self.dim) * 0.02)
        self.mlp = torch.nn.Sequential(
            torch.nn.Linear(self.dim, 24), torch.nn.GELU(), torch.nn.Linear(24, self.dim)
        )

    def forward(self, ids):
        _, n = ids.shape
        if n > self.max_positions:
            raise ValueError(f"sequence of {n} tokens exceeds {self.max_positions} positions")
        h = self.tok(ids)
        assert h.size(-1) == self.dim, "embedding width mismatch"
        h = h + self.pos[:, :n]
        return h + self.mlp(h)


torch.manual_seed(0)
example_inputs = [
    (torch.randint(0, 100, (2, 10)),),
    (torch.randint(0, 100, (3, 64)),),
    (torch.randint(0, 100, (4, 5)),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
