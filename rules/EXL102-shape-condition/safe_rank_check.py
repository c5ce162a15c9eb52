import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Audio front end that accepts (time, feat) or (batch, time, feat): rank tests are static."""

    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv1d(8, 16, kernel_size=3, padding=1)
        self.norm = torch.nn.LayerNorm(16)

    def forward(self, x):
        unbatched = x.dim() == 2
        if unbatched:
            x = x.unsqueeze(0)
        if x.ndim != 3 or len(x.shape) != 3:
            raise ValueError("expected (batch, time, feat)")
        h = self.conv(x.transpose(1, 2)).transpose(1, 2)
        h = self.norm(torch.relu(h))
        if x.dim() == 3 and not unbatched:
            return h
        return h.squeeze(0)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 11, 8),),
    (torch.randn(4, 6, 8),),
    (torch.randn(3, 20, 8),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
