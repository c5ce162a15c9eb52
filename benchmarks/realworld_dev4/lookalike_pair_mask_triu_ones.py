# Source: lucidrains/egnn-pytorch egnn_pytorch/egnn_pytorch.py (EGNN.forward): `rel_coors =
#   rearrange(coors, 'b i d -> b i () d') - rearrange(coors, 'b j d -> b () j d')`, `rel_dist =
#   (rel_coors ** 2).sum(dim=-1, keepdim=True)`; the upper-triangle pairs are a mask,
#   `torch.ones(n, n, dtype=torch.bool).triu(1)`, not an index list.
# Look-alike: pairwise distances by broadcasting and a triangular mask over a dynamic atom count:
#   exports and matches eager.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.rbf = nn.Linear(1, 4)

    def forward(self, coords):
        n = coords.shape[1]
        rel = coords[:, :, None, :] - coords[:, None, :, :]
        dist = (rel**2).sum(dim=-1, keepdim=True)
        pair_mask = torch.ones(n, n, dtype=torch.bool).triu(1)
        feats = self.rbf(dist) * pair_mask[None, :, :, None]
        return feats.sum((1, 2))


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 5, 3),), (torch.randn(1, 7, 3),), (torch.randn(3, 4, 3),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
