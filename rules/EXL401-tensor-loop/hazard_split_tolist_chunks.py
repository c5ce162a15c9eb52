import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Packed variable-length sequences: `lengths` says how many rows of `packed` each
    sequence has; every sequence is summarised by its max-pooled rows."""

    def __init__(self):
        super().__init__()
        self.proj = torch.nn.Linear(6, 6)

    def forward(self, packed, lengths):
        packed = self.proj(packed)
        sizes = lengths.tolist()  # expect: EXL202
        sequences = torch.split(packed, sizes)
        # one summary row per sequence
        return torch.stack([seq.amax(dim=0) for seq in sequences])


torch.manual_seed(0)
example_inputs = [
    (torch.randn(9, 6), torch.tensor([2, 3, 4])),
    (torch.randn(5, 6), torch.tensor([5])),
    (torch.randn(12, 6), torch.tensor([1, 4, 4, 3])),
]
dynamic_shapes = ({0: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
