# Source: facebookresearch/ToMe tome/merge.py (bipartite_soft_matching, read through the code
#   search in its copies): `t = metric.shape[1]`, `r = min(r, (t - protected) // 2)`,
#   `if r <= 0: return do_nothing, do_nothing`, then `edge_idx[..., r:, :]` slices.
# What fails: Python's min() and the `if r <= 0` early return test the dynamic token count:
#   export bakes which of the two wins (guard) and which branch runs.
import math

import torch
from torch import nn
from torch.export import Dim


def do_nothing(x):
    return x


def bipartite_soft_matching(metric, r, class_token=False):
    protected = 1 if class_token else 0
    t = metric.shape[1]
    r = min(r, (t - protected) // 2)  # expect: NONE-builtin-min-on-size
    if r <= 0:  # expect: EXL102
        return do_nothing
    with torch.no_grad():
        metric = metric / metric.norm(dim=-1, keepdim=True)
        a, b = metric[..., ::2, :], metric[..., 1::2, :]
        scores = a @ b.transpose(-1, -2)
        if class_token:
            scores[..., 0, :] = -math.inf
        node_max, node_idx = scores.max(dim=-1)
        edge_idx = node_max.argsort(dim=-1, descending=True)[..., None]
        unm_idx = edge_idx[..., r:, :]
        src_idx = edge_idx[..., :r, :]
        dst_idx = node_idx[..., None].gather(dim=-2, index=src_idx)

    def merge(x):
        src, dst = x[..., ::2, :], x[..., 1::2, :]
        n, t1, c = src.shape
        unm = src.gather(dim=-2, index=unm_idx.expand(n, t1 - r, c))
        src = src.gather(dim=-2, index=src_idx.expand(n, r, c))
        dst = dst.scatter_reduce(-2, dst_idx.expand(n, r, c), src, reduce="mean")
        return torch.cat([unm, dst], dim=1)

    return merge


class Model(nn.Module):
    def __init__(self, r=3):
        super().__init__()
        self.r = r
        self.proj = nn.Linear(8, 8)

    def forward(self, x):
        merge = bipartite_soft_matching(self.proj(x), self.r)
        return merge(x).mean(dim=1)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 10, 8),), (torch.randn(3, 4, 8),), (torch.randn(2, 14, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
