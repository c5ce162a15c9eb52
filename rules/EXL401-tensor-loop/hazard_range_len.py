import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Causal running average over time steps, one step at a time."""

    def forward(self, x):
        total = torch.zeros_like(x[0])
        outputs = []
        for i in range(len(x)):  # expect: EXL401
            total = total + x[i]
            outputs.append(total / (i + 1))
        return torch.stack(outputs)


torch.manual_seed(0)
example_inputs = [(torch.randn(6, 2, 4),), (torch.randn(3, 2, 4),), (torch.randn(10, 2, 4),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
