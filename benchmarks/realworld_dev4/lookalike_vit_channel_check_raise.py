# Source: huggingface/transformers src/transformers/models/vit/modeling_vit.py (ViTPatchEmbeddings.forward):
#   `batch_size, num_channels, height, width = pixel_values.shape`, `if num_channels !=
#   self.num_channels: raise ValueError("Make sure that the channel dimension of the pixel values
#   match with the one set in the configuration.")`, `embeddings =
#   self.projection(pixel_values).flatten(2).transpose(1, 2)`.
# Look-alike: the check reads the channel axis, which is static (dynamic_shapes leaves it out):
#   exports with dynamic batch, height and width, and matches eager.
import torch
from torch import nn
from torch.export import Dim


class PatchEmbeddings(nn.Module):
    def __init__(self, num_channels=3, hidden_size=8, patch_size=2):
        super().__init__()
        self.num_channels = num_channels
        self.projection = nn.Conv2d(num_channels, hidden_size, kernel_size=patch_size, stride=patch_size)

    def forward(self, pixel_values):
        batch_size, num_channels, height, width = pixel_values.shape
        if num_channels != self.num_channels:
            raise ValueError(
                "Make sure that the channel dimension of the pixel values match with the one set in the configuration."
                f" Expected {self.num_channels} but got {num_channels}."
            )
        return self.projection(pixel_values).flatten(2).transpose(1, 2)


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.embeddings = PatchEmbeddings()

    def forward(self, pixel_values):
        return self.embeddings(pixel_values)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 3, 8, 8),), (torch.randn(1, 3, 6, 10),), (torch.randn(3, 3, 12, 4),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
