# Source: huggingface/transformers src/transformers/models/groupvit/modeling_groupvit.py
#   (hard_softmax and GroupViTAssignAttention.get_attn, paraphrased): `def hard_softmax(logits,
#   dim): y_soft = logits.softmax(dim); index = y_soft.max(dim, keepdim=True)[1]; y_hard =
#   torch.zeros_like(logits, memory_format=torch.legacy_contiguous_format).scatter_(dim, index,
#   1.0); ret = y_hard - y_soft.detach() + y_soft; return ret`; `def get_attn(self, attn,
#   gumbel=True, hard=True): if gumbel and self.training: attn = gumbel_softmax(attn,
#   dim=-2, hard=hard) else: if hard: attn = hard_softmax(attn, dim=-2) else: attn =
#   nn.functional.softmax(attn, dim=-2)`.
# Look-alike: an in-place `scatter_` at data-chosen indices (the argmax), but on a fresh
#   `zeros_like` tensor; the random gumbel branch is training-only: exports and matches eager.
import torch
from torch import nn
from torch.export import Dim


def hard_softmax(logits, dim):
    y_soft = logits.softmax(dim)
    index = y_soft.max(dim, keepdim=True)[1]
    y_hard = torch.zeros_like(logits, memory_format=torch.legacy_contiguous_format).scatter_(dim, index, 1.0)
    return y_hard - y_soft.detach() + y_soft


def gumbel_softmax(logits, tau=1, hard=False, dim=-1):
    gumbels = -torch.empty_like(logits).exponential_().log()
    return ((logits + gumbels) / tau).softmax(dim)


class Model(nn.Module):
    def __init__(self, dim=8, groups=3):
        super().__init__()
        self.group_tokens = nn.Parameter(torch.randn(1, groups, dim))
        self.q = nn.Linear(dim, dim)
        self.k = nn.Linear(dim, dim)
        self.v = nn.Linear(dim, dim)

    def get_attn(self, attn, gumbel=True, hard=True):
        if gumbel and self.training:
            attn = gumbel_softmax(attn, dim=-2, hard=hard)
        elif hard:
            attn = hard_softmax(attn, dim=-2)
        else:
            attn = nn.functional.softmax(attn, dim=-2)
        return attn

    def forward(self, tokens):
        query = self.q(self.group_tokens.expand(tokens.shape[0], -1, -1))
        raw = query @ self.k(tokens).transpose(-2, -1)
        attn = self.get_attn(raw)
        attn = attn / (attn.sum(dim=-1, keepdim=True) + 1.0)
        return attn @ self.v(tokens)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 9, 8),), (torch.randn(3, 14, 8),), (torch.randn(1, 5, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
