# Source: ultralytics/ultralytics ultralytics/nn/modules/transformer.py (AIFI.forward and
#   AIFI.build_2d_sincos_position_embedding, paraphrased; the TransformerEncoderLayer written as
#   nn.MultiheadAttention + FFN): `c, h, w = x.shape[1:]`, `pos_embed =
#   self.build_2d_sincos_position_embedding(w, h, c)`, `x = super().forward(x.flatten(2).permute(0,
#   2, 1), pos=pos_embed.to(device=x.device, dtype=x.dtype))`, `return x.permute(0, 2,
#   1).view([-1, c, h, w]).contiguous()`; `@staticmethod def build_2d_sincos_position_embedding(w,
#   h, embed_dim=256, temperature=10000.0): assert embed_dim % 4 == 0, "Embed dimension must be
#   divisible by 4 for 2D sin-cos position embedding"; grid_w = torch.arange(w, dtype=torch.float32);
#   grid_h = torch.arange(h, dtype=torch.float32); grid_w, grid_h = torch.meshgrid(grid_w, grid_h,
#   indexing="ij"); pos_dim = embed_dim // 4; omega = torch.arange(pos_dim, dtype=torch.float32) /
#   pos_dim; omega = 1.0 / (temperature**omega); out_w = grid_w.flatten()[..., None] @ omega[None];
#   out_h = grid_h.flatten()[..., None] @ omega[None]; return torch.cat([torch.sin(out_w),
#   torch.cos(out_w), torch.sin(out_h), torch.cos(out_h)], 1)[None]`.
# Look-alike: a table built in forward from the feature map's width and height, an `assert`
#   with `%`, and `view([-1, c, h, w])` look like frozen sizes, but the table is built with
#   `torch.arange` of the symbolic sizes and the assert is on the static channel count:
#   exports and matches eager on unseen sizes.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, c1=8, num_heads=2):
        super().__init__()
        self.ma = nn.MultiheadAttention(c1, num_heads, batch_first=True)
        self.fc1 = nn.Linear(c1, 16)
        self.fc2 = nn.Linear(16, c1)
        self.norm1 = nn.LayerNorm(c1)
        self.norm2 = nn.LayerNorm(c1)

    @staticmethod
    def build_2d_sincos_position_embedding(w, h, embed_dim=256, temperature=10000.0):
        assert embed_dim % 4 == 0, "Embed dimension must be divisible by 4 for 2D sin-cos position embedding"
        grid_w = torch.arange(w, dtype=torch.float32)
        grid_h = torch.arange(h, dtype=torch.float32)
        grid_w, grid_h = torch.meshgrid(grid_w, grid_h, indexing="ij")
        pos_dim = embed_dim // 4
        omega = torch.arange(pos_dim, dtype=torch.float32) / pos_dim
        omega = 1.0 / (temperature**omega)
        out_w = grid_w.flatten()[..., None] @ omega[None]
        out_h = grid_h.flatten()[..., None] @ omega[None]
        return torch.cat([torch.sin(out_w), torch.cos(out_w), torch.sin(out_h), torch.cos(out_h)], 1)[None]

    def encoder_layer(self, src, pos):
        q = k = src + pos
        src2 = self.ma(q, k, value=src)[0]
        src = self.norm1(src + src2)
        src2 = self.fc2(torch.relu(self.fc1(src)))
        return self.norm2(src + src2)

    def forward(self, x):
        c, h, w = x.shape[1:]
        pos_embed = self.build_2d_sincos_position_embedding(w, h, c)
        x = self.encoder_layer(x.flatten(2).permute(0, 2, 1), pos=pos_embed.to(device=x.device, dtype=x.dtype))
        return x.permute(0, 2, 1).view([-1, c, h, w]).contiguous()


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 8, 5, 6),), (torch.randn(1, 8, 7, 3),), (torch.randn(3, 8, 4, 9),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC, 3: Dim.DYNAMIC},)
