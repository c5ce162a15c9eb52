import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """A decay table built lazily on the first call: the buffer is registered while export
    traces, and the exported program does not hold the state eager mode ends up with."""

    def __init__(self, width=6, span=32):
        super().__init__()
        self.span = span
        self.built = False
        self.proj = torch.nn.Linear(width, width)

    def forward(self, x):
        if not self.built:
            self.built = True
            steps = torch.arange(self.span, dtype=torch.float32)
            self.register_buffer("decay", torch.exp(-steps / 8.0), persistent=False)  # expect: EXL501
        return self.proj(x) * self.decay[: x.shape[1], None]


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 5, 6),), (torch.randn(3, 9, 6),), (torch.randn(2, 4, 6),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
