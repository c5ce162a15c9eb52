import torch
from torch.export import Dim


class Embeddings(torch.nn.Module):
    """A vision embedding that also takes videos packed along the channel axis (2 frames of 3
    channels: 6 channels), told apart by `pixel_values.shape[1] != self.num_channels`. The
    channels are fixed by the input format, never declared dynamic: export specialises them
    like the weights do, and the test is decided for every batch, height and width."""

    def __init__(self, num_channels=3, dim=8, patch=4):
        super().__init__()
        self.num_channels = num_channels
        self.image_patch = torch.nn.Conv2d(num_channels, dim, patch, stride=patch)
        self.video_patch = torch.nn.Conv2d(2 * num_channels, dim, patch, stride=patch)

    def embed_video(self, pixel_values):
        return self.video_patch(pixel_values).flatten(2).transpose(1, 2)

    def embed_image(self, pixel_values):
        return self.image_patch(pixel_values).flatten(2).transpose(1, 2)

    def forward(self, pixel_values):
        if pixel_values.shape[1] != self.num_channels:
            return self.embed_video(pixel_values)
        return self.embed_image(pixel_values)


class Model(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.embeddings = Embeddings()
        self.norm = torch.nn.LayerNorm(8)

    def forward(self, pixel_values):
        return self.norm(self.embeddings(pixel_values))


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 3, 16, 12),),
    (torch.randn(1, 3, 8, 20),),
    (torch.randn(3, 3, 24, 24),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
