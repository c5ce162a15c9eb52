import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Additive-bias attention that shifts the caller's logits in place before the softmax."""

    def __init__(self):
        super().__init__()
        self.temperature = 0.5

    def forward(self, logits, bias):
        logits = logits + bias  # expect: EXL501
        return torch.softmax(logits / self.temperature, dim=-1)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 4, 6), torch.randn(2, 4, 6)),
    (torch.randn(3, 5, 9), torch.randn(3, 5, 9)),
    (torch.randn(4, 2, 3), torch.randn(4, 2, 3)),
]
dynamic_shapes = (
    {0: Dim.DYNAMIC, 1: Dim.DYNAMIC, 2: Dim.DYNAMIC},
    {0: Dim.DYNAMIC, 1: Dim.DYNAMIC, 2: Dim.DYNAMIC},
)
