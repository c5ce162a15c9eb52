# Source: huggingface/pytorch-image-models timm/models/vision_transformer.py (Attention.forward):
#   `B, N, C = x.shape`, `qkv = self.qkv(x).reshape(B, N, 3, self.num_heads,
#   self.head_dim).permute(2, 0, 3, 1, 4)`, `q, k, v = qkv.unbind(0)`, `q, k = self.q_norm(q),
#   self.k_norm(k)`, `if self.fused_attn: x = F.scaled_dot_product_attention(q, k, v, ...)` `else: q
#   = q * self.scale; attn = q @ k.transpose(-2, -1)`; older timm: `q, k, v = qkv[0], qkv[1], qkv[2]`
#   `# make torchscript happy (cannot use tensor as tuple)`.
# Look-alike: the unpacked axis is the constant 3 (q, k, v), the head size is a config value:
#   exports and matches eager.
import torch
import torch.nn.functional as F
from torch import nn
from torch.export import Dim


class Attention(nn.Module):
    def __init__(self, dim=8, num_heads=2, fused_attn=False):
        super().__init__()
        self.num_heads = num_heads
        self.head_dim = dim // num_heads
        self.scale = self.head_dim**-0.5
        self.fused_attn = fused_attn
        self.qkv = nn.Linear(dim, dim * 3)
        self.q_norm = nn.Identity()
        self.k_norm = nn.Identity()
        self.proj = nn.Linear(dim, dim)

    def forward(self, x):
        B, N, C = x.shape
        qkv = self.qkv(x).reshape(B, N, 3, self.num_heads, self.head_dim).permute(2, 0, 3, 1, 4)
        q, k, v = qkv.unbind(0)
        q, k = self.q_norm(q), self.k_norm(k)
        if self.fused_attn:
            x = F.scaled_dot_product_attention(q, k, v)
        else:
            q = q * self.scale
            attn = q @ k.transpose(-2, -1)
            attn = attn.softmax(dim=-1)
            x = attn @ v
        x = x.transpose(1, 2).reshape(B, N, C)
        return self.proj(x)


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.attn = Attention()
        self.attn_old = Attention()

    def forward(self, x):
        B, N, C = x.shape
        qkv = self.attn_old.qkv(x).reshape(B, N, 3, self.attn_old.num_heads, C // self.attn_old.num_heads).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        old = ((q @ k.transpose(-2, -1)) * self.attn_old.scale).softmax(dim=-1) @ v
        return self.attn(x) + old.transpose(1, 2).reshape(B, N, C)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 5, 8),), (torch.randn(1, 9, 8),), (torch.randn(3, 4, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
