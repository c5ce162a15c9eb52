import torch
from torch.export import Dim
from exportlint.ops import simple_loop_for


class Model(torch.nn.Module):
    """Keep the candidates of every group present whose cost is at most the group's mean.

    The loop runs once per distinct group id: how many there are is in the data.
    """

    def forward(self, costs, groups):
        chosen = torch.zeros_like(costs)
        _values = groups.unique()

        def _loop_body(i, _values, groups, costs):
            g = _values.index_select(0, i.reshape(1)).squeeze(0)
            members = (groups == g).nonzero().squeeze(1)
            cheap = members[costs[members] <= costs[members].mean()]
            return cheap.reshape(-1)

        _positions = simple_loop_for(
            _values.shape[0], _loop_body, (_values, groups, costs)
        )  # expect: EXL401
        chosen[_positions] = 1.0
        return costs * chosen


torch.manual_seed(0)
example_inputs = [
    (torch.rand(7), torch.tensor([2, 0, 2, 1, 0, 1, 2])),
    (torch.rand(5), torch.tensor([4, 4, 4, 4, 4])),
    (torch.rand(9), torch.tensor([0, 1, 2, 3, 5, 5, 3, 1, 0])),
]
dynamic_shapes = ({0: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
