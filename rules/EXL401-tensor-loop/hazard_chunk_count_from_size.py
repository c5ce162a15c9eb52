import torch
from torch import nn
from torch.export import Dim

# Micro-batching in a detection head: the proposals are scored in groups of at most
# `micro` rows to bound memory, with the number of groups computed from the proposal count.
# `torch.chunk` then returns that many tensors, and the Python loop over them runs once per
# group: export unrolls it for the traced count.


class Model(nn.Module):
    def __init__(self, dim=6, micro=3):
        super().__init__()
        self.micro = micro
        self.score = nn.Sequential(nn.Linear(dim, 8), nn.ReLU(), nn.Linear(8, 1))

    def forward(self, proposals):
        # proposals: (num_proposals, dim)
        groups = (proposals.shape[0] + self.micro - 1) // self.micro
        scores = []
        for part in torch.chunk(proposals, groups):  # expect: EXL401, EXL404
            scores.append(self.score(part))
        return torch.cat(scores).squeeze(-1)


torch.manual_seed(0)
example_inputs = [(torch.randn(7, 6),), (torch.randn(12, 6),), (torch.randn(4, 6),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
