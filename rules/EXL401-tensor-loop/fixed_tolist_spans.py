import torch
from torch.export import Dim
from exportlint.ops import simple_loop_for


class Model(torch.nn.Module):
    """Pool the tokens of each span [start, end) given as rows of a tensor, read into
    Python with `.tolist()` (how detection and retrieval code walks its spans)."""

    def __init__(self):
        super().__init__()
        self.proj = torch.nn.Linear(6, 6)

    def forward(self, tokens, spans):
        def _loop_body(i, spans, tokens):
            _row = spans.index_select(0, i.reshape(1)).squeeze(0)
            start = _row[0].item()
            end = _row[1].item()
            # one row per span: its mean token
            return self.proj(tokens[start:end]).mean(dim=0, keepdim=True)

        pooled = simple_loop_for(spans.shape[0], _loop_body, (spans, tokens))  # expect: EXL202, EXL401
        return pooled


torch.manual_seed(0)
example_inputs = [
    (torch.randn(10, 6), torch.tensor([[0, 3], [3, 7], [7, 10]])),
    (torch.randn(7, 6), torch.tensor([[0, 7]])),
    (torch.randn(12, 6), torch.tensor([[0, 2], [2, 5], [5, 6], [6, 12]])),
]
dynamic_shapes = ({0: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
