import torch
import torch.nn.functional as F
from torch.export import Dim


class Model(torch.nn.Module):
    """Residual block whose "random" settings are fixed attributes chosen in __init__."""

    def __init__(self):
        super().__init__()
        self.fc = torch.nn.Linear(16, 16)
        self.random_scale = 0.9
        self.random_drop = 0.1

    def forward(self, x):
        h = F.dropout(torch.relu(self.fc(x)), p=self.random_drop, training=False)
        return x + self.random_scale * h


torch.manual_seed(0)
example_inputs = [(torch.randn(3, 16),), (torch.randn(6, 16),), (torch.randn(2, 16),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
