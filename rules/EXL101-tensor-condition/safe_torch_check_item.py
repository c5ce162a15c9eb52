import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """ExportDB constrain_as_value_example: torch._check bounds decide the `if` at trace time."""

    def __init__(self):
        super().__init__()
        self.proj = torch.nn.Linear(5, 5)

    def forward(self, x, y):
        a = x.item()
        torch._check(a >= 0)
        torch._check(a <= 5)

        if a < 6:
            return self.proj(y).sin()
        return self.proj(y).cos()


torch.manual_seed(0)
example_inputs = [
    (torch.tensor(4), torch.randn(5, 5)),
    (torch.tensor(0), torch.randn(7, 5)),
    (torch.tensor(5), torch.randn(3, 5)),
]
dynamic_shapes = (None, {0: Dim.DYNAMIC})
