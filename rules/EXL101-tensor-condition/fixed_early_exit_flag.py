import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Early-exit classifier: returns the logits and whether the exit head was confident
    enough (a Python bool per branch, as such heads are often written)."""

    def __init__(self):
        super().__init__()
        self.exit_head = torch.nn.Linear(8, 4)
        self.deep = torch.nn.Sequential(torch.nn.Linear(8, 8), torch.nn.Tanh())
        self.final_head = torch.nn.Linear(8, 4)

    def forward(self, x):
        logits = self.exit_head(x)

        def _branch_true(logits, x):
            return logits.clone(memory_format=torch.contiguous_format), torch.full((), True)

        def _branch_false(logits, x):
            return self.final_head(self.deep(x)), torch.full((), False)

        return torch.cond(
            logits.softmax(-1).amax(-1).mean() > 0.5,
            _branch_true,
            _branch_false,
            (logits, x),
        )  # expect: EXL101


torch.manual_seed(0)
example_inputs = [(torch.randn(3, 8),), (torch.randn(5, 8) * 6,), (torch.randn(2, 8) * 0.1,)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
