import torch
from torch.export import Dim
from exportlint.ops import simple_loop_for


class Model(torch.nn.Module):
    """Crop variable-length segments [start, end) out of a packed sequence and pool each one.

    The segments have different lengths, so the loop collects pieces of varying size and
    concatenates them: export unrolls the loop for the number of segments it was traced with.
    """

    def __init__(self):
        super().__init__()
        self.score = torch.nn.Linear(16, 1)
        self.out = torch.nn.Linear(16, 16)

    def forward(self, tokens, starts, ends):
        def _loop_body(i, starts, ends, tokens):
            s = starts.index_select(0, i.reshape(1)).item()
            e = ends.index_select(0, i.reshape(1)).item()
            seg = tokens[s:e]
            weights = torch.softmax(self.score(seg), dim=0)
            return seg * weights

        pieces = simple_loop_for(starts.shape[0], _loop_body, (starts, ends, tokens))  # expect: EXL401
        packed = pieces
        return self.out(packed)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(12, 16), torch.tensor([0, 3, 7]), torch.tensor([3, 7, 12])),
    (torch.randn(10, 16), torch.tensor([0, 4]), torch.tensor([4, 10])),
    (torch.randn(15, 16), torch.tensor([0, 2, 5, 9, 13]), torch.tensor([2, 5, 9, 13, 15])),
]
dynamic_shapes = ({0: Dim.DYNAMIC}, {0: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
