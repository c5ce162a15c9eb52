# Source: lucidrains/vector-quantize-pytorch vector_quantize_pytorch/vector_quantize_pytorch.py
#   (EuclideanCodebook.forward): `dist = -cdist(flatten, embed)`, `embed_ind, embed_onehot =
#   self.gumbel_sample(dist, dim=-1, ...)`, where `cdist` is `torch.cdist` on recent versions.
# What fails: `torch.cdist` with dynamic token counts has no ONNX translation (aten._cdist_forward).
import torch
from torch import nn
from torch.export import Dim


class Codebook(nn.Module):
    def __init__(self, dim=4, size=16):
        super().__init__()
        self.embed = nn.Parameter(torch.randn(size, dim))

    def forward(self, x):
        flatten = x.reshape(-1, x.shape[-1])
        dist = -torch.cdist(flatten, self.embed)  # expect: EXL404
        embed_ind = dist.argmax(dim=-1)
        quantize = self.embed[embed_ind]
        return quantize.view_as(x), embed_ind.view(x.shape[:-1])


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.proj = nn.Linear(6, 4)
        self.codebook = Codebook()

    def forward(self, x):
        q, ind = self.codebook(self.proj(x))
        return q, ind


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 5, 6),), (torch.randn(1, 7, 6),), (torch.randn(3, 4, 6),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
