import torch
import torch.nn.functional as F
from torch.export import Dim
from exportlint.ops import simple_loop_for


class Model(torch.nn.Module):
    """Masked mean pooling that handles each sequence of the batch separately."""

    def __init__(self):
        super().__init__()
        self.head = torch.nn.Linear(32, 4)

    def forward(self, hidden, mask):
        def _loop_body(i, mask, hidden):
            m = mask.index_select(0, i.reshape(1)).squeeze(0).unsqueeze(-1).to(hidden.dtype)
            summed = (hidden.index_select(0, i.reshape(1)).squeeze(0) * m).sum(dim=0)
            return (summed / m.sum().clamp(min=1.0)).unsqueeze(0)

        pooled = simple_loop_for(hidden.shape[0], _loop_body, (mask, hidden))  # expect: EXL401
        return F.log_softmax(self.head(pooled), dim=-1)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(3, 6, 32), torch.randint(0, 2, (3, 6))),
    (torch.randn(5, 9, 32), torch.randint(0, 2, (5, 9))),
    (torch.randn(2, 4, 32), torch.randint(0, 2, (2, 4))),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC}, {0: Dim.DYNAMIC, 1: Dim.DYNAMIC})
