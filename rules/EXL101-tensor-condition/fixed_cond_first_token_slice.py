import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Pooler that returns the first token's features or their mean over tokens, chosen by
    whether the sequence has any padding left in it (a padded row has zero features)."""

    def __init__(self):
        super().__init__()
        self.dense = torch.nn.Linear(6, 6)

    def forward(self, hidden):
        h = self.dense(hidden)

        def _branch_true(h):
            return h[:, :1].clone(memory_format=torch.contiguous_format)

        def _branch_false(h):
            return h.mean(1, keepdim=True)

        return torch.cond(
            (hidden == 0).all(-1).any(), _branch_true, _branch_false, (h,)
        )  # expect: EXL101


torch.manual_seed(0)
example_inputs = [
    (torch.randn(1, 5, 6),),
    (torch.cat([torch.randn(1, 4, 6), torch.zeros(1, 3, 6)], 1),),
    (torch.randn(1, 9, 6),),
]
dynamic_shapes = ({1: Dim.DYNAMIC},)
