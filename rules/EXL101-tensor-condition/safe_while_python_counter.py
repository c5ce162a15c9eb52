import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Halving until a Python bound is met: the test reads only Python ints, never a tensor."""

    def __init__(self):
        super().__init__()
        self.target = 4

    def forward(self, x):
        width = 32
        while width > self.target:
            x = torch.nn.functional.avg_pool1d(x, 2, ceil_mode=True)
            width = width // 2
        return x


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 3, 16),), (torch.randn(3, 3, 40),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC},)
