import torch
import torch.nn.functional as F
from torch.export import Dim


class Model(torch.nn.Module):
    """U-Net-like encoder that keeps a skip connection from every other block."""

    def __init__(self):
        super().__init__()
        self.blocks = torch.nn.ModuleList(
            [torch.nn.Conv1d(8 if i == 0 else 16, 16, kernel_size=3, padding=1) for i in range(4)]
        )
        self.skip_every = 2

    def forward(self, x):
        skips = []
        for idx, block in enumerate(self.blocks):
            x = F.relu(block(x))
            if idx % self.skip_every == 1:
                skips.append(x)
        return x + sum(skips)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 8, 10),), (torch.randn(3, 8, 17),), (torch.randn(4, 8, 6),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC},)
