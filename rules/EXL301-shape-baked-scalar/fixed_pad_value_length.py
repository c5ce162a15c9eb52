import torch
import torch.nn.functional as F
from torch.export import Dim


class Model(torch.nn.Module):
    """Append the sequence length as an extra feature column, then project.

    F.pad(..., value=n) needs a Python number, so the dynamic size n is
    specialized to the traced value.
    """

    def __init__(self):
        super().__init__()
        self.proj = torch.nn.Linear(9, 4)

    def forward(self, x):
        n = x.shape[0]
        feats = torch.cat(
            [x, torch.full((*x.shape[:-1], 1), n, dtype=x.dtype, device=x.device)],
            dim=-1,
        )  # expect: EXL301
        return self.proj(feats)


torch.manual_seed(0)
example_inputs = [(torch.randn(5, 8),), (torch.randn(7, 8),), (torch.randn(12, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
