# Source: facebookresearch/detr models/position_encoding.py (PositionEmbeddingSine.forward,
#   paraphrased): `x = tensor_list.tensors`, `mask = tensor_list.mask`, `assert mask is not None`,
#   `not_mask = ~mask`, `y_embed = not_mask.cumsum(1, dtype=torch.float32)`, `x_embed =
#   not_mask.cumsum(2, dtype=torch.float32)`, `if self.normalize: eps = 1e-6; y_embed = y_embed /
#   (y_embed[:, -1:, :] + eps) * self.scale; x_embed = x_embed / (x_embed[:, :, -1:] + eps) *
#   self.scale`, `dim_t = torch.arange(self.num_pos_feats, dtype=torch.float32, device=x.device)`,
#   `dim_t = self.temperature ** (2 * (dim_t // 2) / self.num_pos_feats)`, `pos_x = x_embed[:, :,
#   :, None] / dim_t`, `pos_x = torch.stack((pos_x[:, :, :, 0::2].sin(), pos_x[:, :, :,
#   1::2].cos()), dim=4).flatten(3)`, `pos = torch.cat((pos_y, pos_x), dim=3).permute(0, 3, 1, 2)`.
# Look-alike: an `assert` and a Python `if` next to tensor code, `cumsum` over the padding
#   mask and `// 2` on a tensor look like data-dependent control flow, but the assert tests
#   `is not None` and the `if` a config flag; everything else is tensor math: exports and
#   matches eager on unseen sizes.
import math

import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, num_pos_feats=4, temperature=10000, normalize=True):
        super().__init__()
        self.num_pos_feats = num_pos_feats
        self.temperature = temperature
        self.normalize = normalize
        self.scale = 2 * math.pi
        self.backbone = nn.Conv2d(3, 8, 3, padding=1)

    def forward(self, x, mask):
        x = self.backbone(x)
        assert mask is not None
        not_mask = ~mask
        y_embed = not_mask.cumsum(1, dtype=torch.float32)
        x_embed = not_mask.cumsum(2, dtype=torch.float32)
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
        return x + pos


def _inputs(b, h, w):
    mask = torch.zeros(b, h, w, dtype=torch.bool)
    mask[0, :, w - 2 :] = True
    return torch.randn(b, 3, h, w), mask


torch.manual_seed(0)
example_inputs = [_inputs(2, 10, 12), _inputs(3, 7, 15), _inputs(2, 16, 9)]
dynamic_shapes = ({0: Dim("b"), 2: Dim("h"), 3: Dim("w")}, {0: Dim("b"), 1: Dim("h"), 2: Dim("w")})
