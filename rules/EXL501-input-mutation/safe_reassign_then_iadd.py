import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Additive-bias attention: the first update rebinds `logits`, later `+=` hit the new tensor."""

    def __init__(self):
        super().__init__()
        self.temperature = 0.5

    def forward(self, logits, bias):
        logits = logits + bias
        logits += 1.0
        logits *= 2.0
        logits[:, :, 0] = -1e4
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
