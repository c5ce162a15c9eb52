import torch
import torch.nn.functional as F
from torch.export import Dim


class Model(torch.nn.Module):
    """Speaker-embedding head: a batch of one utterance returns an unbatched embedding."""

    def __init__(self):
        super().__init__()
        self.proj = torch.nn.Linear(20, 16)

    def forward(self, feats):
        # feats: (batch, frames, 20)
        h = torch.relu(self.proj(feats))
        pooled = h.mean(dim=1)
        if feats.size(0) == 1:  # expect: EXL102
            pooled = pooled.squeeze(0)
        return F.normalize(pooled, dim=-1)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(3, 12, 20),),
    (torch.randn(1, 9, 20),),
    (torch.randn(5, 7, 20),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
