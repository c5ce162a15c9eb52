# Source: pytorch/pytorch issues on torch.export and `one_hot` ("Could not guard on data-dependent
#   expression" from `F.one_hot(x)` whose `num_classes=-1` reads `x.max()`); the shape is the
#   token-count histogram of an MoE router such as fairseq's `moe_layer` / top1gating:
#   `mask1 = one_hot(indices1_s, num_classes=num_experts)`, written here without num_classes.
# What fails: `F.one_hot` without `num_classes` sizes its output from the largest label, a
#   data-dependent size.
import torch
import torch.nn.functional as F
from torch import nn
from torch.export import Dim


class Router(nn.Module):
    def __init__(self, dim=8, num_experts=4):
        super().__init__()
        self.gate = nn.Linear(dim, num_experts)

    def forward(self, hidden_states):
        logits = self.gate(hidden_states)
        expert_index = torch.argmax(logits, dim=-1)
        expert_mask = F.one_hot(expert_index)  # expect: EXL304
        tokens_per_expert = expert_mask.float().mean(dim=1)
        return logits.softmax(-1), tokens_per_expert


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.router = Router()

    def forward(self, x):
        probs, tokens = self.router(x)
        return probs.sum(-1) + tokens.sum(-1, keepdim=True)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 5, 8),), (torch.randn(1, 7, 8),), (torch.randn(3, 4, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
