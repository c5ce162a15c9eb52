import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Padding mask from per-sequence lengths, filled row by row from a Python list
    (speech and text encoders: `for i, l in enumerate(lengths.tolist()): mask[i, :l] = True`)."""

    def __init__(self):
        super().__init__()
        self.proj = torch.nn.Linear(8, 8)

    def forward(self, x, lengths):
        mask = torch.zeros(x.shape[0], x.shape[1], dtype=torch.bool)
        # expect: EXL401, EXL202
        mask[torch.arange(mask.shape[1], device=mask.device)[None, :] < lengths[:, None]] = True
        h = self.proj(x).masked_fill(~mask[..., None], 0.0)
        return h.sum(1) / mask.sum(1, keepdim=True).clamp(min=1)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 6, 8), torch.tensor([6, 3])),
    (torch.randn(3, 9, 8), torch.tensor([2, 9, 5])),
    (torch.randn(4, 5, 8), torch.tensor([5, 1, 4, 3])),
]
dynamic_shapes = ({0: Dim("b"), 1: Dim.DYNAMIC}, {0: Dim("b")})
