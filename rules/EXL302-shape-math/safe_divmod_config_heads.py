import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """divmod() of configuration numbers (the head split), not of a size: plain Python ints."""

    def __init__(self, dim=12, heads=5):
        super().__init__()
        self.head_dim, self.spare = divmod(dim, heads)
        self.heads = heads
        self.proj = torch.nn.Linear(dim, self.heads * self.head_dim)

    def forward(self, x):
        per_head, _ = divmod(self.proj.out_features, self.heads)
        return self.proj(x).unflatten(-1, (self.heads, per_head)).mean(-1)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 7, 12),), (torch.randn(3, 4, 12),), (torch.randn(1, 9, 12),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
