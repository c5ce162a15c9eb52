# Source: huggingface/transformers src/transformers/models/llava/modeling_llava.py
#   (LlavaModel.get_image_features / get_placeholder_mask), written as exporters need it: the
#   projected features are flattened with `reshape(-1, dim)` and scattered into the text
#   embeddings with `masked_scatter`, with no `list(image_features)`.
# Look-alike of llava_list_image_features.py: exports and matches eager.
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
        flat = image_features.reshape(-1, image_features.shape[-1])
        per_image = flat.view(pixel_features.shape[0], -1, flat.shape[-1]).mean(dim=1)
        return per_image


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 5, 8),),
    (torch.randn(3, 7, 8),),
    (torch.randn(4, 4, 8),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
