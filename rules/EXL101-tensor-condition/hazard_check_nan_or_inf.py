import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """A normaliser that refuses NaN or infinite inputs: the test is two tensor tests joined
    by `or`, each one a Python bool of tensor data."""

    def __init__(self):
        super().__init__()
        self.norm = torch.nn.LayerNorm(8)

    def forward(self, x):
        # refuse corrupted features early
        if torch.isnan(x).any() or torch.isinf(x).any():  # expect: EXL101
            raise ValueError("features contain NaN or inf")
        return self.norm(x)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 5, 8),), (torch.randn(3, 7, 8),), (torch.randn(1, 4, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
