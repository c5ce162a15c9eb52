import torch
import torch.nn.functional as F
from torch.export import Dim


class Model(torch.nn.Module):
    """Masked mean pooling: a missing mask is replaced by an all-ones mask of the input's size."""

    def __init__(self):
        super().__init__()
        self.proj = torch.nn.Linear(10, 10)

    def forward(self, x, mask=None):
        # x: (batch, seq, 10); mask: (batch, seq) or None
        if mask is None:
            mask = torch.ones(x.shape[0], x.shape[1], dtype=x.dtype)
        h = self.proj(x) * mask[..., None]
        denom = mask.sum(dim=1, keepdim=True).clamp(min=1.0)
        return F.normalize(h.sum(dim=1) / denom, dim=-1)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 7, 10),),
    (torch.randn(5, 3, 10),),
    (torch.randn(3, 12, 10),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
