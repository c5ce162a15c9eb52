import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Long inputs are damped, short ones rectified: the branch depends on the length."""

    def __init__(self):
        super().__init__()
        self.proj = torch.nn.Linear(8, 8)
        self.out = torch.nn.Linear(8, 2)

    def forward(self, x):
        # x: (batch, seq, 8)
        h = self.proj(x)

        def _branch_true(h):
            h = h * 0.5
            return h

        def _branch_false(h):
            h = torch.relu(h)
            return h

        h = torch.cond(h.shape[1] > 6, _branch_true, _branch_false, (h,))  # expect: EXL102
        return self.out(h).mean(dim=1)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 9, 8),),
    (torch.randn(3, 4, 8),),
    (torch.randn(2, 12, 8),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
