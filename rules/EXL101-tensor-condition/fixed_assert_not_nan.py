import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """`assert not t.any()`: the assert of a negated tensor test (debug checks left in a
    forward)."""

    def __init__(self):
        super().__init__()
        self.proj = torch.nn.Linear(8, 4)

    def forward(self, x):
        out = self.proj(x).log_softmax(-1)
        torch._check(
            torch.logical_not(torch.isnan(out).any()).item(),
            lambda: "NaN in log-probabilities",
        )  # expect: EXL101
        return out


torch.manual_seed(0)
example_inputs = [(torch.randn(4, 8),), (torch.randn(6, 8),), (torch.randn(3, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
