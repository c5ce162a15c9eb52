import torch
import torch.nn.functional as F
from torch.export import Dim


class Model(torch.nn.Module):
    """BYOL-style consistency: the target branch is cut from the graph with .data.

    .data on an intermediate tensor breaks export tracing.
    """

    def __init__(self):
        super().__init__()
        self.online = torch.nn.Sequential(
            torch.nn.Linear(8, 16), torch.nn.ReLU(), torch.nn.Linear(16, 8)
        )
        self.target = torch.nn.Linear(8, 8)

    def forward(self, view_a, view_b):
        pred = F.normalize(self.online(view_a), dim=-1)
        target = F.normalize(self.target(view_b), dim=-1).detach()  # expect: EXL202
        return 2 - 2 * (pred * target).sum(dim=-1)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(4, 8), torch.randn(4, 8)),
    (torch.randn(6, 8), torch.randn(6, 8)),
    (torch.randn(3, 8), torch.randn(3, 8)),
]
dynamic_shapes = ({0: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
