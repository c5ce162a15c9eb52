import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """A heteroscedastic regression head that returns its training loss.

    The Gaussian negative log-likelihood written with tensor ops (what GaussianNLLLoss
    computes with full=False, eps=1e-6, mean reduction) exports and converts.
    """

    def __init__(self):
        super().__init__()
        self.head = torch.nn.Linear(8, 2)

    def forward(self, feats, target):
        # feats: (batch, seq, 8), target: (batch, seq)
        mean, raw_var = self.head(feats).unbind(-1)
        var = (torch.nn.functional.softplus(raw_var) + 1e-3).clamp(min=1e-6)
        return (0.5 * (torch.log(var) + (mean - target) ** 2 / var)).mean()


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 6, 8), torch.randn(2, 6)),
    (torch.randn(3, 11, 8), torch.randn(3, 11)),
    (torch.randn(2, 4, 8), torch.randn(2, 4)),
]
batch, seq = Dim("batch"), Dim("seq")
dynamic_shapes = ({0: batch, 1: seq}, {0: batch, 1: seq})
