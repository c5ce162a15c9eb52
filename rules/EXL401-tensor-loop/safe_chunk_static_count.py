import torch
from torch import nn
from torch.export import Dim

# The look-alike: the features are cut into a configured number of channel groups (a
# grouped gating block) and q/k/v come out of one projection with `chunk(3, dim=-1)`: the
# number of chunks is a constant, whatever the number of tokens.


class Model(nn.Module):
    def __init__(self, dim=6, groups=2):
        super().__init__()
        self.groups = groups
        self.qkv = nn.Linear(dim, 3 * dim)
        self.gates = nn.ModuleList(nn.Linear(dim // groups, dim // groups) for _ in range(groups))

    def forward(self, tokens):
        # tokens: (batch, time, dim)
        q, k, v = self.qkv(tokens).chunk(3, dim=-1)
        attn = torch.softmax(q @ k.transpose(1, 2), dim=-1) @ v
        parts = []
        for gate, part in zip(self.gates, torch.chunk(attn, self.groups, dim=-1)):
            parts.append(torch.sigmoid(gate(part)) * part)
        return torch.cat(parts, dim=-1)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 5, 6),), (torch.randn(1, 9, 6),), (torch.randn(3, 4, 6),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
