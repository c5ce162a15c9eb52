import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """A token classifier that returns its label-smoothed training loss.

    CrossEntropyLoss(label_smoothing=...) exports, but the ONNX model computes another
    value (2e-2 off at the traced size, measured on torch 2.13).
    """

    def __init__(self):
        super().__init__()
        self.head = torch.nn.Linear(8, 5)
        self.loss = torch.nn.CrossEntropyLoss(label_smoothing=0.1)

    def forward(self, feats, labels):
        # feats: (batch, seq, 8), labels: (batch, seq) in [0, 5)
        logits = self.head(feats)
        return self.loss(logits.flatten(0, 1), labels.flatten())  # expect: EXL404


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 6, 8), torch.randint(0, 5, (2, 6))),
    (torch.randn(3, 11, 8), torch.randint(0, 5, (3, 11))),
    (torch.randn(2, 4, 8), torch.randint(0, 5, (2, 4))),
]
batch, seq = Dim("batch"), Dim("seq")
dynamic_shapes = ({0: batch, 1: seq}, {0: batch, 1: seq})
