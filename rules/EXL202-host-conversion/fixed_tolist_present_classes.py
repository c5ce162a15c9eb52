import torch
import torch.nn.functional as F
from torch.export import Dim


class Model(torch.nn.Module):
    """One head per class, run on the rows of the classes present in the batch."""

    def __init__(self, dim=6, num_classes=3, out=4):
        super().__init__()
        self.num_classes = num_classes
        self.out = out
        self.heads = torch.nn.ModuleList(torch.nn.Linear(dim, out) for _ in range(num_classes))

    def forward(self, feats, labels):
        counts = F.one_hot(labels, self.num_classes).sum(0)
        present = range(counts.shape[0])  # expect: EXL202
        scores = feats.new_zeros(feats.shape[0], self.out)
        for c in present:  # expect: EXL401
            rows = labels == c
            scores[rows] = self.heads[c](feats[rows])  # expect: EXL201
        return scores


torch.manual_seed(0)
example_inputs = [
    (torch.randn(5, 6), torch.tensor([0, 2, 2, 0, 2])),
    (torch.randn(3, 6), torch.tensor([1, 1, 1])),
    (torch.randn(6, 6), torch.tensor([2, 1, 0, 0, 1, 2])),
]
dynamic_shapes = ({0: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
