# Source: facebookresearch/encodec encodec/quantization/core_vq.py (EuclideanCodebook.quantize):
#   `embed = self.embed.t()`, `dist = -(x.pow(2).sum(1, keepdim=True) - 2 * x @ embed +
#   embed.pow(2).sum(0, keepdim=True))`, `embed_ind = dist.max(dim=-1).indices`; `dequantize` is
#   `F.embedding(embed_ind, self.embed)`.
# Look-alike: the distance written with matmul (no cdist): exports, converts and matches eager.
import torch
import torch.nn.functional as F
from torch import nn
from torch.export import Dim


class EuclideanCodebook(nn.Module):
    def __init__(self, dim=4, codebook_size=16):
        super().__init__()
        self.embed = nn.Parameter(torch.randn(codebook_size, dim))

    def forward(self, x):
        shape = x.shape
        x = x.reshape(-1, shape[-1])
        embed = self.embed.t()
        dist = -(x.pow(2).sum(1, keepdim=True) - 2 * x @ embed + embed.pow(2).sum(0, keepdim=True))
        embed_ind = dist.max(dim=-1).indices
        embed_ind = embed_ind.view(*shape[:-1])
        return F.embedding(embed_ind, self.embed), embed_ind


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.proj = nn.Linear(6, 4)
        self.codebook = EuclideanCodebook()

    def forward(self, x):
        return self.codebook(self.proj(x))


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 5, 6),), (torch.randn(1, 7, 6),), (torch.randn(3, 4, 6),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
