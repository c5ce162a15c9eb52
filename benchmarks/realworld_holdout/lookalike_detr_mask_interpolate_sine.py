# Source: huggingface/transformers src/transformers/models/detr/modeling_detr.py
#   (DetrConvEncoder.forward and DetrSinePositionEmbedding.forward): `mask =
#   nn.functional.interpolate(pixel_mask[None].float(), size=feature_map.shape[-2:]).to(
#   torch.bool)[0]`, `y_embed = pixel_mask.cumsum(1, dtype=torch.float32)`, `if self.normalize:
#   y_embed = y_embed / (y_embed[:, -1:, :] + eps) * self.scale`, `dim_t = self.temperature ** (2 *
#   torch.div(dim_t, 2, rounding_mode="floor") / self.embedding_dim)`.
# Look-alike: the mask is resized to the feature map's sizes and the positions come from cumsum:
#   exports and matches eager.
import math

import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, channels=4, embedding_dim=2, temperature=10000):
        super().__init__()
        self.backbone = nn.Conv2d(3, channels, 3, stride=2, padding=1)
        self.embedding_dim = embedding_dim
        self.temperature = temperature
        self.normalize = True
        self.scale = 2 * math.pi

    def position_embedding(self, pixel_mask):
        y_embed = pixel_mask.cumsum(1, dtype=torch.float32)
        x_embed = pixel_mask.cumsum(2, dtype=torch.float32)
        if self.normalize:
            eps = 1e-6
            y_embed = y_embed / (y_embed[:, -1:, :] + eps) * self.scale
            x_embed = x_embed / (x_embed[:, :, -1:] + eps) * self.scale
        dim_t = torch.arange(self.embedding_dim, dtype=torch.int64).float()
        dim_t = self.temperature ** (2 * torch.div(dim_t, 2, rounding_mode="floor") / self.embedding_dim)
        pos_x = x_embed[:, :, :, None] / dim_t
        pos_y = y_embed[:, :, :, None] / dim_t
        pos_x = torch.stack((pos_x[:, :, :, 0::2].sin(), pos_x[:, :, :, 1::2].cos()), dim=4).flatten(3)
        pos_y = torch.stack((pos_y[:, :, :, 0::2].sin(), pos_y[:, :, :, 1::2].cos()), dim=4).flatten(3)
        return torch.cat((pos_y, pos_x), dim=3).permute(0, 3, 1, 2)

    def forward(self, pixel_values, pixel_mask):
        feature_map = self.backbone(pixel_values)
        mask = nn.functional.interpolate(pixel_mask[None].float(), size=feature_map.shape[-2:]).to(torch.bool)[0]
        return feature_map + self.position_embedding(mask)


def _inputs(batch, h, w, valid):
    mask = torch.zeros(batch, h, w, dtype=torch.long)
    for i, (a, b) in enumerate(valid):
        mask[i, :a, :b] = 1
    return (torch.randn(batch, 3, h, w), mask)


torch.manual_seed(0)
example_inputs = [_inputs(2, 12, 10, [(12, 10), (8, 6)]), _inputs(1, 9, 16, [(7, 16)]), _inputs(3, 8, 8, [(8, 8), (4, 8), (8, 2)])]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC}, {0: Dim.DYNAMIC, 1: Dim.DYNAMIC, 2: Dim.DYNAMIC})
