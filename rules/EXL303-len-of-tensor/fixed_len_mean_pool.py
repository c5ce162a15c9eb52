import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Set encoder (Deep Sets): embed each element, average, then decode.

    len(x) returns a plain Python int, so export specializes the set size.
    """

    def __init__(self):
        super().__init__()
        self.phi = torch.nn.Sequential(torch.nn.Linear(3, 16), torch.nn.ReLU())
        self.rho = torch.nn.Linear(16, 2)

    def forward(self, points):
        # points: (num_points, 3)
        pooled = self.phi(points).sum(dim=0) / points.shape[0]  # expect: EXL303
        return self.rho(pooled)


torch.manual_seed(0)
example_inputs = [(torch.randn(5, 3),), (torch.randn(11, 3),), (torch.randn(2, 3),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
