# Source: lucidrains/vit-pytorch vit_pytorch/vit.py (Attention.forward): `x = self.norm(x)`, `qkv
#   = self.to_qkv(x).chunk(3, dim = -1)`, `q, k, v = map(lambda t: rearrange(t, 'b n (h d) -> b h n
#   d', h = self.heads), qkv)`, `dots = torch.matmul(q, k.transpose(-1, -2)) * self.scale`, `attn =
#   self.attend(dots)`, `out = rearrange(out, 'b h n d -> b n (h d)')` (einops written as
#   view/transpose here).
# Look-alike: `map` runs over the tuple that chunk returns (three tensors), not over a tensor:
#   exports and matches eager.
import torch
from torch import nn
from torch.export import Dim


class Attention(nn.Module):
    def __init__(self, dim=8, heads=2, dim_head=4):
        super().__init__()
        inner_dim = dim_head * heads
        self.heads = heads
        self.scale = dim_head**-0.5
        self.norm = nn.LayerNorm(dim)
        self.attend = nn.Softmax(dim=-1)
        self.to_qkv = nn.Linear(dim, inner_dim * 3, bias=False)
        self.to_out = nn.Linear(inner_dim, dim)

    def forward(self, x):
        x = self.norm(x)
        qkv = self.to_qkv(x).chunk(3, dim=-1)
        q, k, v = map(lambda t: t.view(t.shape[0], t.shape[1], self.heads, -1).transpose(1, 2), qkv)
        dots = torch.matmul(q, k.transpose(-1, -2)) * self.scale
        attn = self.attend(dots)
        out = torch.matmul(attn, v)
        out = out.transpose(1, 2).reshape(out.shape[0], out.shape[2], -1)
        return self.to_out(out)


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.attn = Attention()

    def forward(self, x):
        return self.attn(x) + x


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 5, 8),), (torch.randn(1, 9, 8),), (torch.randn(3, 4, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
