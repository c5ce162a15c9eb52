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
        if logits.softmax(-1).amax(-1).mean() > 0.5:  # expect: EXL101
            return logits, True
        return self.final_head(self.deep(x)), False


torch.manual_seed(0)
example_inputs = [(torch.randn(3, 8),), (torch.randn(5, 8) * 6,), (torch.randn(2, 8) * 0.1,)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
