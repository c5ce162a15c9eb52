import torch
from torch import nn
from torch.export import Dim

# Rows sorted by class, then a per-class head over each class's slice (the routed-experts
# loop of MoE layers, per-label heads): the counts are copied to numpy to slice the sorted
# rows, which torch.export cannot do; and the loop skips the classes with no row.


class Model(nn.Module):
    def __init__(self, classes=3, width=6):
        super().__init__()
        self.classify = nn.Linear(width, classes)
        self.heads = nn.ModuleList(nn.Linear(width, width) for _ in range(classes))

    def forward(self, rows):
        # rows: (n, width)
        label = self.classify(rows).argmax(dim=-1)
        order = label.argsort(stable=True)
        ordered = rows[order]
        per_class = nn.functional.one_hot(label, len(self.heads)).sum(dim=0)
        per_class = per_class.cpu().tolist()  # expect: EXL202
        pieces = []
        first = 0
        for c, count in enumerate(per_class):
            last = first + count
            pieces.append(self.heads[c](ordered[first:last]))
            first = last
        mixed = torch.cat(pieces, dim=0)
        return torch.empty_like(mixed).index_copy(0, order, mixed)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(7, 6),),
    (torch.randn(11, 6),),
    (torch.randn(5, 6),),
]
dynamic_shapes = ({0: Dim.DYNAMIC},)
