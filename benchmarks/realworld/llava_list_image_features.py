# Source: huggingface/transformers src/transformers/models/llava/modeling_llava.py
#   (LlavaModel.get_image_features): without image_sizes, `image_features = list(image_features)`
#   turns the batch of projected features into a Python list, later concatenated.
# What fails: `list(tensor)` iterates the batch dimension in Python: the number of images is
#   baked (the dynamic batch dimension comes out static).
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, dim=8, text_dim=6):
        super().__init__()
        self.vision = nn.Linear(dim, dim)
        self.projector = nn.Sequential(nn.Linear(dim, text_dim), nn.GELU(), nn.Linear(text_dim, text_dim))

    def forward(self, pixel_features):
        selected = self.vision(pixel_features)[:, 1:]
        image_features = self.projector(selected)
        image_features = list(image_features)  # expect: NONE-tensor-iter
        return torch.cat([f.mean(dim=0, keepdim=True) for f in image_features], dim=0)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 5, 8),),
    (torch.randn(3, 7, 8),),
    (torch.randn(4, 4, 8),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
