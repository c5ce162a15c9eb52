# Source: the pre-norm attention blocks of timm/open_clip (`x = x + self.attn(self.ln_1(x),
#   self.ln_1(x), self.ln_1(x), need_weights=False, attn_mask=attn_mask)[0]`, open_clip
#   transformer.py `ResidualAttentionBlock`) with a causal float mask.
# Look-alike: nn.MultiheadAttention uses the mask as given (no causal detection at the layer
#   level, per the PR #105342 docs): exports and matches eager.
import torch
from torch import nn
from torch.export import Dim


class ResidualAttentionBlock(nn.Module):
    def __init__(self, d_model=8, n_head=2):
        super().__init__()
        self.ln_1 = nn.LayerNorm(d_model)
        self.attn = nn.MultiheadAttention(d_model, n_head, batch_first=True)
        self.mlp = nn.Sequential(nn.Linear(d_model, 16), nn.GELU(), nn.Linear(16, d_model))

    def forward(self, x, attn_mask):
        y = self.ln_1(x)
        x = x + self.attn(y, y, y, need_weights=False, attn_mask=attn_mask)[0]
        return x + self.mlp(x)


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.blocks = nn.ModuleList([ResidualAttentionBlock() for _ in range(2)])

    def forward(self, x):
        n = x.shape[1]
        mask = torch.full((n, n), float("-inf")).triu(1)
        for block in self.blocks:
            x = block(x, mask)
        return x


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 5, 8),), (torch.randn(3, 7, 8),), (torch.randn(1, 4, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
