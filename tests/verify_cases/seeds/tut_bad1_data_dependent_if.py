"""torch.export tutorial, "Graph Breaks": Bad1, data-dependent control flow."""

import torch


class Bad1(torch.nn.Module):
    def forward(self, x):
        if x.sum() > 0:
            return torch.sin(x)
        return torch.cos(x)


model = Bad1()
example_inputs = [(torch.randn(3, 3),)]
