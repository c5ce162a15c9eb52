import torch
import torch.nn.functional as F
from torch.export import Dim


class Model(torch.nn.Module):
    """A token classifier that returns its label-smoothed training loss.

    The smoothing written out over log-probabilities (what CrossEntropyLoss computes with
    label_smoothing=0.1 and mean reduction) converts and matches.
    """

    def __init__(self):
        super().__init__()
        self.head = torch.nn.Linear(8, 5)
        self.loss = torch.nn.CrossEntropyLoss()
        self.eps = 0.1

    def forward(self, feats, labels):
        # feats: (batch, seq, 8), labels: (batch, seq) in [0, 5)
        logp = self.head(feats).flatten(0, 1).log_softmax(-1)
        nll = F.nll_loss(logp, labels.flatten())
        return (1 - self.eps) * nll - self.eps * logp.mean(-1).mean()


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 6, 8), torch.randint(0, 5, (2, 6))),
    (torch.randn(3, 11, 8), torch.randint(0, 5, (3, 11))),
    (torch.randn(2, 4, 8), torch.randint(0, 5, (2, 4))),
]
batch, seq = Dim("batch"), Dim("seq")
dynamic_shapes = ({0: batch, 1: seq}, {0: batch, 1: seq})
