import torch
import torch.nn.functional as F
from torch import nn
from torch.export import Dim


class GroupedScores(nn.Module):
    """Queries and keys are split into groups by a helper method. Both come from the same
    tokens, so the lengths compared after the helper returns are one symbol (`length`, axis 1
    of `tokens`): the test is decided while tracing, with no guard."""

    def __init__(self, width=12, groups=3):
        super().__init__()
        self.groups = groups
        self.to_query = nn.Linear(width, width)
        self.to_key = nn.Linear(width, width)
        self.to_value = nn.Linear(width, width)

    def _grouped(self, t):
        shape = t.size()[:-1] + (self.groups, -1)
        return t.view(shape).permute(0, 2, 1, 3)

    def forward(self, tokens):
        batch, length, _ = tokens.shape
        queries = self._grouped(self.to_query(tokens))
        keys = self._grouped(self.to_key(tokens))
        values = self._grouped(self.to_value(tokens))
        if queries.size(2) != keys.size(2):
            keys = F.pad(keys, (0, 0, 0, queries.size(2) - keys.size(2)))
            values = F.pad(values, (0, 0, 0, queries.size(2) - values.size(2)))
        weights = (queries @ keys.transpose(-1, -2)).softmax(-1)
        return (weights @ values).transpose(1, 2).reshape(batch, length, -1)


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.scores = GroupedScores()
        self.head = nn.Linear(12, 5)

    def forward(self, tokens):
        return self.head(self.scores(tokens))


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 9, 12),),
    (torch.randn(3, 4, 12),),
    (torch.randn(1, 13, 12),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
