import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """MLP that uses in-place activations on its own intermediate tensors."""

    def __init__(self):
        super().__init__()
        self.fc1 = torch.nn.Linear(10, 32)
        self.fc2 = torch.nn.Linear(32, 10)

    def forward(self, x):
        h = self.fc1(x)
        h.relu_()
        out = self.fc2(h)
        out.mul_(0.5).add_(x)
        return out


torch.manual_seed(0)
example_inputs = [(torch.randn(3, 10),), (torch.randn(7, 10),), (torch.randn(2, 10),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
