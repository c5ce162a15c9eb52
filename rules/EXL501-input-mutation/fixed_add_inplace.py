import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Residual adapter that accumulates its update straight into the caller's hidden states."""

    def __init__(self):
        super().__init__()
        self.down = torch.nn.Linear(16, 4)
        self.up = torch.nn.Linear(4, 16)

    def forward(self, hidden):
        update = self.up(torch.relu(self.down(hidden)))
        hidden = hidden.add(update)  # expect: EXL501
        return hidden.mean(dim=1)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 5, 16),), (torch.randn(3, 9, 16),), (torch.randn(4, 3, 16),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
