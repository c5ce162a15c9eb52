import torch
from torch.export import Dim


def make_batch(counts):
    """A jagged batch of two features: `counts[k]` ids per example for feature k, flattened
    into one `values` tensor with the per-(feature, example) `lengths` beside it (the rank is
    not visible to a reader of `example_inputs`)."""
    g = torch.Generator().manual_seed(sum(counts[0]) + len(counts[0]))
    lengths = torch.tensor([c for row in counts for c in row])
    values = torch.randint(0, 16, (int(lengths.sum()),), generator=g)
    return values, lengths


class Model(torch.nn.Module):
    """Per-feature embedding bags over a jagged batch: the ids of each feature are cut out of
    `values` by the per-feature totals read with `.tolist()`. The list (of a static length, one
    per feature: `view(-1, numel // k)` has k rows) is used only as split sizes: export makes
    each total an unbacked size checked at run time, and the ONNX graph splits by the computed
    totals. `unbind(0)` of the k rows is a fixed count of tensors."""

    def __init__(self, num_features=2, dim=4):
        super().__init__()
        self.num_features = num_features
        self.tables = torch.nn.ModuleList(
            torch.nn.EmbeddingBag(16, dim, mode="sum") for _ in range(num_features)
        )

    def forward(self, values, lengths):
        batch = lengths.numel() // self.num_features
        per_example = lengths.view(-1, batch)  # (num_features, batch): -1 is the feature count
        totals = torch.sum(per_example, dim=1).tolist()
        pieces = values.split(totals)
        outs = []
        for table, ids, counts in zip(self.tables, pieces, per_example.unbind(0)):
            offsets = torch.cumsum(counts, 0) - counts
            outs.append(table(ids, offsets))
        return torch.cat(outs, dim=1)


example_inputs = [
    make_batch([[1, 3, 2], [2, 1, 1]]),
    make_batch([[2, 2, 1, 3, 1], [1, 1, 2, 2, 3]]),
    make_batch([[3, 1], [1, 2]]),
]
dynamic_shapes = ({0: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
