import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    """Tensors made from Python values (`torch.tensor(self.causal)`, `torch.as_tensor(True)`)
    have a value export knows: `or`, `if` and comparisons with Python numbers on them are
    decided at trace time (measured on torch 2.13)."""

    def __init__(self, causal=True, threshold=0.5):
        super().__init__()
        self.causal = causal
        self.threshold = threshold

    def forward(self, x, mask):
        use_mask = torch.tensor(self.causal) or mask.any()
        always = torch.as_tensor(True) or mask.all()
        if torch.tensor(self.threshold) > 0.25:
            x = x * 2
        return x * use_mask * always + mask.float()


torch.manual_seed(0)
example_inputs = [
    (torch.rand(3, 4), torch.rand(3, 4) > 0.5),
    (torch.rand(6, 4), torch.rand(6, 4) > 0.5),
    (torch.rand(2, 4), torch.rand(2, 4) > 0.5),
]
dynamic_shapes = ({0: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
