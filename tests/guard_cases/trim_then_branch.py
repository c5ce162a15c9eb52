"""Keep the tokens up to the number of real ones, then a branch on that count: two hazards.
The first candidate of the count (`torch.sym_int(...)` alone) fails at export with the
branch's; its checked candidate gets further (exports, then fails in ONNX on the branch's
rewrite). The branch's candidates are then tried on top of the checked one, and one verifies;
on top of the first one (as the search did) none did."""

import torch
from torch.export import Dim


class Model(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.proj = torch.nn.Linear(8, 8)

    def forward(self, x, mask):
        n = int(mask.sum())
        kept = x[:, :n]
        w = torch.ones(n, 1)
        if w.shape[0] == 1:
            return self.proj(kept).sum(1)
        return self.proj(kept * w[None]).mean(1)


example_inputs = [
    (torch.randn(2, 6, 8), torch.tensor([1, 1, 1, 0, 0, 0])),
    (torch.randn(3, 9, 8), torch.tensor([1, 1, 1, 1, 1, 0, 0, 0, 0])),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
