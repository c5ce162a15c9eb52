import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Patch embedding that projects its position table when the table is narrower than the
    embedding. The embedding width is the convolution's out_channels (after `flatten(2)` and
    `transpose(1, 2)` it is the last axis): static, whatever the image size."""

    def __init__(self):
        super().__init__()
        self.proj = torch.nn.Conv2d(4, 16, kernel_size=2, stride=2)
        self.pos_proj = torch.nn.Linear(8, 16)
        self.register_buffer("pos", torch.randn(1, 1, 8))

    def forward(self, latent):
        x = self.proj(latent).flatten(2).transpose(1, 2)
        pos = self.pos
        if x.shape[-1] != pos.shape[-1]:
            pos = self.pos_proj(pos)
        return x + pos


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 4, 12, 10),),
    (torch.randn(3, 4, 8, 8),),
    (torch.randn(2, 4, 6, 14),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
