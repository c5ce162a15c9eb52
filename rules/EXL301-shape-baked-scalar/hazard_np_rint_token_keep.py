import numpy as np
import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Token pruning (DynamicViT/EViT-style): keep a fraction of the tokens, the count
    rounded with np.rint; numpy computes it on the traced length."""

    def __init__(self, keep_rate=0.7):
        super().__init__()
        self.keep_rate = keep_rate
        self.score = torch.nn.Linear(8, 1)

    def forward(self, tokens):
        num_keep = int(np.rint((tokens.shape[1] - 1) * self.keep_rate))  # expect: EXL301
        scores = self.score(tokens[:, 1:]).squeeze(-1)
        order = scores.argsort(dim=1, descending=True)[:, :num_keep]
        kept = torch.gather(tokens[:, 1:], 1, order[..., None].expand(-1, -1, tokens.shape[-1]))
        return torch.cat([tokens[:, :1], kept], dim=1).mean(1)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 11, 8),), (torch.randn(3, 17, 8),), (torch.randn(1, 26, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
