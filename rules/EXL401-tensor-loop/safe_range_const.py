import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Spectral-norm style power iteration with a fixed number of steps."""

    def __init__(self):
        super().__init__()
        self.weight = torch.nn.Parameter(torch.randn(12, 8))
        self.register_buffer("u0", torch.ones(12) / 12**0.5)

    def forward(self, x):
        u = self.u0
        for _ in range(10):
            v = torch.nn.functional.normalize(self.weight.t() @ u, dim=0)
            u = torch.nn.functional.normalize(self.weight @ v, dim=0)
        sigma = torch.dot(u, self.weight @ v)
        return x @ (self.weight / sigma).t()


torch.manual_seed(0)
example_inputs = [(torch.randn(3, 8),), (torch.randn(7, 8),), (torch.randn(2, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
