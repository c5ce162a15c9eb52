import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """A fixed number of refinement steps that carry a state and collect every step's
    output: the trip count is a constant of the model, so export unrolls it correctly."""

    def __init__(self):
        super().__init__()
        self.steps = 3
        self.cell = torch.nn.Linear(8, 8)

    def forward(self, x):
        h = torch.zeros_like(x)
        outputs = []
        for _ in range(self.steps):
            h = torch.tanh(self.cell(x) + h)
            outputs.append(h)
        return torch.stack(outputs, dim=1)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 8),), (torch.randn(5, 8),), (torch.randn(3, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
