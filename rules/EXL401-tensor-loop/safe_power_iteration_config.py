import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Power iteration with a count fixed by the configuration: export unrolls it, rightly."""

    def __init__(self):
        super().__init__()
        self.weight = torch.nn.Parameter(torch.randn(6, 6))
        self.iterations = 3

    def forward(self, v):
        v = v / v.norm(dim=-1, keepdim=True)
        for _ in range(self.iterations):
            v = torch.nn.functional.normalize(v @ self.weight, dim=-1)
        steps = int(self.iterations * 2)
        while steps > 0:
            v = v * 0.5 + 0.5 * torch.nn.functional.normalize(v @ self.weight, dim=-1)
            steps -= 1
        return v


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 6),), (torch.randn(5, 6),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
