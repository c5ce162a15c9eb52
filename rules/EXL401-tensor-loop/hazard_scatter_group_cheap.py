import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Keep the candidates of every group present whose cost is at most the group's mean.

    The loop runs once per distinct group id: how many there are is in the data.
    """

    def forward(self, costs, groups):
        chosen = torch.zeros_like(costs)
        for g in groups.unique():  # expect: EXL401
            members = (groups == g).nonzero().squeeze(1)
            cheap = members[costs[members] <= costs[members].mean()]
            chosen[cheap] = 1.0
        return costs * chosen


torch.manual_seed(0)
example_inputs = [
    (torch.rand(7), torch.tensor([2, 0, 2, 1, 0, 1, 2])),
    (torch.rand(5), torch.tensor([4, 4, 4, 4, 4])),
    (torch.rand(9), torch.tensor([0, 1, 2, 3, 5, 5, 3, 1, 0])),
]
dynamic_shapes = ({0: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
