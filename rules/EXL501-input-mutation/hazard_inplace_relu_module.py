import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    """Classifier head whose activation was built in place to save memory (the torchvision
    habit): applied first thing to the forward argument, it overwrites the caller's tensor."""

    def __init__(self):
        super().__init__()
        self.act = nn.ReLU(inplace=True)
        self.fc = nn.Linear(8, 3)

    def forward(self, features):
        # features: (batch, 8)
        h = self.act(features)  # expect: EXL501
        return self.fc(h)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(4, 8),),
    (torch.randn(2, 8),),
    (torch.randn(7, 8),),
]
dynamic_shapes = ({0: Dim.DYNAMIC},)
