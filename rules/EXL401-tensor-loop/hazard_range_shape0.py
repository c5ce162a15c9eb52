import torch
import torch.nn.functional as F
from torch.export import Dim


class Model(torch.nn.Module):
    """Masked mean pooling that handles each sequence of the batch separately."""

    def __init__(self):
        super().__init__()
        self.head = torch.nn.Linear(32, 4)

    def forward(self, hidden, mask):
        pooled = []
        for i in range(hidden.shape[0]):  # expect: EXL401
            m = mask[i].unsqueeze(-1).to(hidden.dtype)
            summed = (hidden[i] * m).sum(dim=0)
            pooled.append(summed / m.sum().clamp(min=1.0))
        return F.log_softmax(self.head(torch.stack(pooled)), dim=-1)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(3, 6, 32), torch.randint(0, 2, (3, 6))),
    (torch.randn(5, 9, 32), torch.randint(0, 2, (5, 9))),
    (torch.randn(2, 4, 32), torch.randint(0, 2, (2, 4))),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC}, {0: Dim.DYNAMIC, 1: Dim.DYNAMIC})
