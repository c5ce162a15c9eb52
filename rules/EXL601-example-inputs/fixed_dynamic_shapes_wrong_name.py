import torch
from torch.export import Dim

batch = Dim("batch")
seq = Dim("seq")


class Model(torch.nn.Module):
    """Masked mean pooling. The dynamic_shapes dict says `mask`, the argument is
    `attention_mask`: torch.export wants exactly the argument names."""

    def __init__(self):
        super().__init__()
        self.proj = torch.nn.Linear(8, 8)

    def forward(self, hidden, attention_mask):
        weights = attention_mask.unsqueeze(-1).to(hidden.dtype)
        pooled = (self.proj(hidden) * weights).sum(dim=1)
        return pooled / weights.sum(dim=1).clamp(min=1.0)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 5, 8), torch.ones(2, 5, dtype=torch.long)),
    (torch.randn(3, 7, 8), torch.ones(3, 7, dtype=torch.long)),
]
dynamic_shapes = {
    "hidden": {0: batch, 1: seq},
    "attention_mask": {0: batch, 1: seq},  # expect: EXL601
}
