# Source: facebookresearch/sam2 sam2/modeling/position_encoding.py (PositionEmbeddingSine.forward):
#   `cache_key = (x.shape[-2], x.shape[-1])`, `if cache_key in self.cache: return
#   self.cache[cache_key][None].repeat(x.shape[0], 1, 1, 1)`, `y_embed = torch.arange(1, x.shape[-2] +
#   1, dtype=torch.float32, device=x.device).view(1, -1, 1).repeat(x.shape[0], 1, x.shape[-1])`, ...,
#   `pos = torch.cat((pos_y, pos_x), dim=3).permute(0, 3, 1, 2)`, `self.cache[cache_key] = pos[0]`.
# What fails: the dynamic height and width are used as a dict key: hashing them fails while
#   exporting.
import math

import torch
from torch import nn
from torch.export import Dim


class PositionEmbeddingSine(nn.Module):
    def __init__(self, num_pos_feats, temperature: int = 10000, normalize: bool = True, scale=None):
        super().__init__()
        self.num_pos_feats = num_pos_feats // 2
        self.temperature = temperature
        self.normalize = normalize
        self.scale = 2 * math.pi if scale is None else scale
        self.cache = {}

    @torch.no_grad()
    def forward(self, x: torch.Tensor):
        cache_key = (x.shape[-2], x.shape[-1])
        if cache_key in self.cache:  # expect: NONE-size-as-dict-key
            return self.cache[cache_key][None].repeat(x.shape[0], 1, 1, 1)
        y_embed = torch.arange(1, x.shape[-2] + 1, dtype=torch.float32, device=x.device).view(1, -1, 1).repeat(x.shape[0], 1, x.shape[-1])
        x_embed = torch.arange(1, x.shape[-1] + 1, dtype=torch.float32, device=x.device).view(1, 1, -1).repeat(x.shape[0], x.shape[-2], 1)
        if self.normalize:
            eps = 1e-6
            y_embed = y_embed / (y_embed[:, -1:, :] + eps) * self.scale
            x_embed = x_embed / (x_embed[:, :, -1:] + eps) * self.scale
        dim_t = torch.arange(self.num_pos_feats, dtype=torch.float32, device=x.device)
        dim_t = self.temperature ** (2 * (dim_t // 2) / self.num_pos_feats)
        pos_x = x_embed[:, :, :, None] / dim_t
        pos_y = y_embed[:, :, :, None] / dim_t
        pos_x = torch.stack((pos_x[:, :, :, 0::2].sin(), pos_x[:, :, :, 1::2].cos()), dim=4).flatten(3)
        pos_y = torch.stack((pos_y[:, :, :, 0::2].sin(), pos_y[:, :, :, 1::2].cos()), dim=4).flatten(3)
        pos = torch.cat((pos_y, pos_x), dim=3).permute(0, 3, 1, 2)
        self.cache[cache_key] = pos[0]  # expect: NONE-size-as-dict-key
        return pos


class Model(nn.Module):
    def __init__(self, dim=8):
        super().__init__()
        self.trunk = nn.Conv2d(3, dim, 3, padding=1)
        self.position_encoding = PositionEmbeddingSine(dim)

    def forward(self, x):
        feats = self.trunk(x)
        return feats + self.position_encoding(feats).to(feats.dtype)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 3, 8, 8),), (torch.randn(1, 3, 6, 10),), (torch.randn(3, 3, 5, 7),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
