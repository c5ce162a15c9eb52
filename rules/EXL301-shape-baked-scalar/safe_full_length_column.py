import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Append the sequence length as an extra feature column, then project.

    torch.full accepts a symbolic fill value, so the length stays dynamic.
    """

    def __init__(self):
        super().__init__()
        self.proj = torch.nn.Linear(9, 4)

    def forward(self, x):
        n = x.shape[0]
        length_col = torch.full((n, 1), n, dtype=x.dtype)
        feats = torch.cat([x, length_col], dim=1)
        return self.proj(feats)


torch.manual_seed(0)
example_inputs = [(torch.randn(5, 8),), (torch.randn(7, 8),), (torch.randn(12, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
