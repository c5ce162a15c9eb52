import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """A heteroscedastic regression head that returns its training loss.

    nn.GaussianNLLLoss checks `torch.any(var < 0)` in Python: a data-dependent guard that
    torch.export cannot trace (GuardOnDataDependentSymNode).
    """

    def __init__(self):
        super().__init__()
        self.head = torch.nn.Linear(8, 2)
        self.nll = torch.nn.GaussianNLLLoss()

    def forward(self, feats, target):
        # feats: (batch, seq, 8), target: (batch, seq)
        mean, raw_var = self.head(feats).unbind(-1)
        var = torch.nn.functional.softplus(raw_var) + 1e-3
        return self.nll(mean, target, var)  # expect: EXL304


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 6, 8), torch.randn(2, 6)),
    (torch.randn(3, 11, 8), torch.randn(3, 11)),
    (torch.randn(2, 4, 8), torch.randn(2, 4)),
]
batch, seq = Dim("batch"), Dim("seq")
dynamic_shapes = ({0: batch, 1: seq}, {0: batch, 1: seq})
