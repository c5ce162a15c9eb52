import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """`safe_video_packed_channels.py` exported with the channel axis declared dynamic: the
    test on it is a real branch on an input size, and export keeps only the traced one."""

    def __init__(self, num_channels=3, dim=8):
        super().__init__()
        self.num_channels = num_channels
        self.image_proj = torch.nn.Linear(num_channels, dim)

    def embed_video(self, pixel_values):
        return pixel_values.mean(1, keepdim=True).flatten(2).transpose(1, 2).expand(-1, -1, 8)

    def forward(self, pixel_values):
        if pixel_values.shape[1] != self.num_channels:  # expect: EXL102
            return self.embed_video(pixel_values)
        return self.image_proj(pixel_values.flatten(2).transpose(1, 2))


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 3, 4, 4),),
    (torch.randn(2, 6, 4, 4),),
    (torch.randn(1, 5, 2, 6),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
