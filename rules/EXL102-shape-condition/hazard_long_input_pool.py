import torch
import torch.nn.functional as F
from torch.export import Dim


class Model(torch.nn.Module):
    """Audio encoder that halves long inputs with average pooling before self-attention."""

    def __init__(self):
        super().__init__()
        self.max_frames = 16
        self.inp = torch.nn.Linear(8, 32)
        self.attn = torch.nn.MultiheadAttention(32, 4, batch_first=True)
        self.out = torch.nn.Linear(32, 8)

    def forward(self, x):
        # x: (batch, frames, 8)
        h = self.inp(x)
        if h.shape[1] > self.max_frames:  # expect: EXL102
            h = F.avg_pool1d(h.transpose(1, 2), kernel_size=2).transpose(1, 2)
        a, _ = self.attn(h, h, h, need_weights=False)
        return self.out(h + a)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 24, 8),),
    (torch.randn(3, 10, 8),),
    (torch.randn(2, 40, 8),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
