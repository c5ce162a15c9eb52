import torch
from torch.export import Dim
from exportlint.ops import simple_loop_for


class Model(torch.nn.Module):
    """Left-pack the valid tokens of every sample (unpadding before a pooled head).

    Each row keeps a different number of tokens, written into a preallocated batch one
    sample at a time: export unrolls the loop over the batch it was traced with.
    """

    def __init__(self):
        super().__init__()
        self.proj = torch.nn.Linear(6, 6)

    def forward(self, tokens, valid):
        hidden = self.proj(tokens)
        packed = torch.zeros_like(hidden)

        def _loop_body(b, packed, hidden, valid):
            packed_row = packed.index_select(0, b.reshape(1)).squeeze(0).clone()
            # the valid tokens of this sample, in order
            kept = hidden.index_select(0, b.reshape(1)).squeeze(0)[valid.index_select(0, b.reshape(1)).squeeze(0)]
            packed_row[: kept.shape[0]] = kept
            return packed_row.unsqueeze(0)

        packed = simple_loop_for(hidden.shape[0], _loop_body, (packed, hidden, valid))  # expect: EXL401
        return packed.sum(dim=1)


def _valid(batch, length, counts):
    return torch.arange(length)[None, :] < torch.tensor(counts)[:, None]


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 5, 6), _valid(2, 5, [3, 5])),
    (torch.randn(3, 7, 6), _valid(3, 7, [1, 7, 4])),
    (torch.randn(4, 4, 6), _valid(4, 4, [2, 0, 4, 3])),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC}, {0: Dim.DYNAMIC, 1: Dim.DYNAMIC})
