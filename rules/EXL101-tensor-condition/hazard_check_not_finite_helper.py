import torch
from torch.export import Dim


def check_finite(t, name):
    """A validation helper of the kind many code bases share: it raises when a tensor holds a
    NaN or an infinity. `not t.all()` is a Python bool of tensor data."""
    if not torch.isfinite(t).all():  # expect: EXL101
        raise RuntimeError(f"{name} has non-finite values")


class Model(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.proj = torch.nn.Linear(8, 8)

    def forward(self, x):
        h = self.proj(x)
        check_finite(h, "hidden states")
        return h.relu()


torch.manual_seed(0)
example_inputs = [(torch.randn(4, 8),), (torch.randn(6, 8),), (torch.randn(3, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
