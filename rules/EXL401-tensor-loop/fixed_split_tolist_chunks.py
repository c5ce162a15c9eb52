import torch
from torch.export import Dim
from exportlint.ops import simple_loop_for


class Model(torch.nn.Module):
    """Packed variable-length sequences: `lengths` says how many rows of `packed` each
    sequence has; every sequence is summarised by its max-pooled rows."""

    def __init__(self):
        super().__init__()
        self.proj = torch.nn.Linear(6, 6)

    def forward(self, packed, lengths):
        packed = self.proj(packed)
        sizes = lengths  # expect: EXL202
        _offsets = sizes.cumsum(0) - sizes

        def _loop_body(i, sizes, _offsets, packed):
            _start = _offsets.index_select(0, i.reshape(1)).item()
            _size = sizes.index_select(0, i.reshape(1)).item()
            torch._check(_size > 0)
            seq = packed.narrow(0, _start, _size)
            return seq.amax(dim=0).unsqueeze(0)

        # one summary row per sequence
        return simple_loop_for(sizes.shape[0], _loop_body, (sizes, _offsets, packed))


torch.manual_seed(0)
example_inputs = [
    (torch.randn(9, 6), torch.tensor([2, 3, 4])),
    (torch.randn(5, 6), torch.tensor([5])),
    (torch.randn(12, 6), torch.tensor([1, 4, 4, 3])),
]
dynamic_shapes = ({0: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
