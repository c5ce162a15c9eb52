import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Mark the candidates of every group whose cost is at most the group's mean.

    The look-alike of a loop over the distinct group ids: here the number of groups is fixed
    in the constructor (group ids run from 0 to groups - 1), and each group is a mask rather
    than a list of positions, so no size in the loop depends on the data.
    """

    def __init__(self, groups=4):
        super().__init__()
        self.groups = groups

    def forward(self, costs, group_ids):
        chosen = torch.zeros_like(costs)
        for g in range(self.groups):
            member = (group_ids == g).to(costs.dtype)
            mean = (costs * member).sum() / member.sum().clamp(min=1.0)
            cheap = (member > 0) & (costs <= mean)
            chosen = chosen.masked_fill(cheap, 1.0)
        return costs * chosen


torch.manual_seed(0)
example_inputs = [
    (torch.rand(7), torch.tensor([2, 0, 2, 1, 0, 1, 2])),
    (torch.rand(5), torch.tensor([3, 3, 3, 3, 3])),
    (torch.rand(9), torch.tensor([0, 1, 2, 3, 3, 2, 3, 1, 0])),
]
dynamic_shapes = ({0: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
