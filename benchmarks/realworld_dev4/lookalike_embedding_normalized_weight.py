# Source: facebookresearch/fairseq and CLIP-style heads that normalise the table instead of
#   `max_norm`: `weight = F.normalize(self.embed.weight, dim=-1)`, `x = F.embedding(tokens, weight)`
#   (no in-place renormalisation of the parameter).
# Look-alike: the normalised copy is computed in the graph, the parameter is not written:
#   exports and matches eager.
import torch
import torch.nn.functional as F
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(20, 4, padding_idx=0)
        self.proj = nn.Linear(4, 3)

    def forward(self, tokens):
        weight = F.normalize(self.embed.weight, dim=-1)
        return self.proj(F.embedding(tokens, weight, padding_idx=0))


torch.manual_seed(0)
example_inputs = [(torch.tensor([[1, 2, 3], [4, 5, 6]]),), (torch.tensor([[7, 8, 9, 10]]),), (torch.tensor([[11], [12], [13]]),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
