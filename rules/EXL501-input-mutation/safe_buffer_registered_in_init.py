import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """The same decay table registered once in __init__ at its largest size and only sliced
    in forward: exports and matches eager on every length."""

    def __init__(self, width=6, span=32):
        super().__init__()
        self.proj = torch.nn.Linear(width, width)
        steps = torch.arange(span, dtype=torch.float32)
        self.register_buffer("decay", torch.exp(-steps / 8.0), persistent=False)

    def forward(self, x):
        return self.proj(x) * self.decay[: x.shape[1], None]


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 5, 6),), (torch.randn(3, 9, 6),), (torch.randn(2, 4, 6),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
