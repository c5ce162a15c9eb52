# Source: huggingface/transformers src/transformers/models/llava/modeling_llava.py
#   (LlavaModel.get_image_features with image_sizes): `split_sizes =
#   (torch.as_tensor(image_sizes) // self.vision_tower.patch_size).prod(dim=-1).tolist()`,
#   `image_features = torch.split(image_features.squeeze(0), split_sizes)`.
# What fails: `.tolist()` of sizes computed from a tensor input: export cannot trace it.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, patch_size=2, dim=8):
        super().__init__()
        self.patch_size = patch_size
        self.projector = nn.Linear(dim, dim)

    def forward(self, image_features, image_sizes):
        image_features = self.projector(image_features)
        split_sizes = (torch.as_tensor(image_sizes) // self.patch_size).prod(dim=-1).tolist()  # expect: EXL202
        chunks = torch.split(image_features.squeeze(0), split_sizes)
        return torch.stack([c.mean(dim=0) for c in chunks])


torch.manual_seed(0)
example_inputs = [
    (torch.randn(1, 4 + 6, 8), torch.tensor([[4, 4], [4, 6]])),
    (torch.randn(1, 9 + 2 + 4, 8), torch.tensor([[6, 6], [2, 4], [4, 4]])),
    (torch.randn(1, 12, 8), torch.tensor([[6, 8]])),
]
dynamic_shapes = ({1: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
