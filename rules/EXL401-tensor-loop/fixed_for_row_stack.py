import torch
from torch.export import Dim
from exportlint.ops import simple_loop_for


class Model(torch.nn.Module):
    """Per-sample feature normalisation written as a Python loop over the batch."""

    def __init__(self):
        super().__init__()
        self.proj = torch.nn.Linear(8, 8)

    def forward(self, x):
        def _loop_body(i, x):
            row = x.index_select(0, i.reshape(1)).squeeze(0)
            centred = row - row.mean()
            return (centred / (centred.norm() + 1e-6)).unsqueeze(0)

        rows = simple_loop_for(x.shape[0], _loop_body, (x,))  # expect: EXL401
        return self.proj(rows)


torch.manual_seed(0)
example_inputs = [(torch.randn(5, 8),), (torch.randn(3, 8),), (torch.randn(11, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
