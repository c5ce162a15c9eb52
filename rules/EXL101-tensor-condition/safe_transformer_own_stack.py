import torch
from torch import nn
from torch.export import Dim


class TransformerEncoder(nn.Module):
    """A project's own `TransformerEncoder` (not torch.nn's) called with a mask and no
    `is_causal`: it adds the mask to its scores and never compares it, so it exports."""

    def __init__(self, d_model=8):
        super().__init__()
        self.qkv = nn.Linear(d_model, 3 * d_model)

    def forward(self, x, mask):
        q, k, v = self.qkv(x).chunk(3, dim=-1)
        scores = q @ k.transpose(-1, -2) / q.shape[-1] ** 0.5 + mask
        return scores.softmax(-1) @ v


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = TransformerEncoder()

    def forward(self, x):
        n = x.shape[1]
        mask = torch.triu(torch.full((n, n), float("-inf")), 1)
        return self.encoder(x, mask)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 5, 8),), (torch.randn(3, 7, 8),), (torch.randn(1, 3, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
