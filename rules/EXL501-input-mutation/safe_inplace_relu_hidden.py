import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    """The same head with the in-place activation applied to an intermediate tensor: only a
    tensor the forward itself created is overwritten, which export handles."""

    def __init__(self):
        super().__init__()
        self.proj = nn.Linear(8, 8)
        self.act = nn.ReLU(inplace=True)
        self.fc = nn.Linear(8, 3)

    def forward(self, features):
        # features: (batch, 8)
        h = self.act(self.proj(features))
        return self.fc(h)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(4, 8),),
    (torch.randn(2, 8),),
    (torch.randn(7, 8),),
]
dynamic_shapes = ({0: Dim.DYNAMIC},)
