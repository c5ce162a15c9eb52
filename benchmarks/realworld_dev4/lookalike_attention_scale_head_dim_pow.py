# Source: huggingface/pytorch-image-models timm/models/vision_transformer.py (Attention.__init__:
#   `self.scale = self.head_dim ** -0.5`) and lucidrains' attention blocks that compute it in
#   forward: `scale = q.shape[-1] ** -0.5`, `sim = einsum('b h i d, b h j d -> b h i j', q, k) * scale`.
# Look-alike: the scale reads the head dimension, static (fixed by weights): exports and matches.
import math

import torch
from torch import nn
from torch.export import Dim


class Attention(nn.Module):
    def __init__(self, dim=8, heads=2):
        super().__init__()
        self.heads = heads
        self.to_qkv = nn.Linear(dim, dim * 3, bias=False)

    def forward(self, x):
        b, n, _ = x.shape
        q, k, v = self.to_qkv(x).view(b, n, 3, self.heads, -1).permute(2, 0, 3, 1, 4)
        scale = q.shape[-1] ** -0.5
        sim = torch.einsum("bhid,bhjd->bhij", q, k) * scale
        attn = sim.softmax(dim=-1) / math.sqrt(1.0)
        out = torch.einsum("bhij,bhjd->bhid", attn, v)
        return out.transpose(1, 2).reshape(b, n, -1)


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.attn = Attention()

    def forward(self, x):
        return self.attn(x)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 5, 8),), (torch.randn(1, 7, 8),), (torch.randn(3, 4, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
