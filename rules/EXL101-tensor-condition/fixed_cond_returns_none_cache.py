import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Decoder step returning `(hidden, cache, scores)` with no cache (None) in both
    branches: a residual path when the gate is open, a plain projection otherwise."""

    def __init__(self):
        super().__init__()
        self.gate = torch.nn.Linear(6, 1)
        self.mlp = torch.nn.Linear(6, 6)

    def forward(self, hidden):
        gate = self.gate(hidden).sigmoid()

        def _branch_true(hidden, gate):
            hidden = hidden + self.mlp(hidden)
            return hidden.clone(memory_format=torch.contiguous_format), gate.clone(memory_format=torch.contiguous_format)

        def _branch_false(hidden, gate):
            return self.mlp(hidden), gate * 0.0

        _outputs = torch.cond(
            gate.mean() > 0.5, _branch_true, _branch_false, (hidden, gate)
        )  # expect: EXL101
        return _outputs[0], None, _outputs[1]


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 4, 6),),
    (torch.randn(3, 6, 6) * 5,),
    (torch.randn(1, 9, 6) - 3,),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
