"""torch.export tutorial, "Graph Breaks": Bad2, writing through `.data`."""

import torch


class Bad2(torch.nn.Module):
    def forward(self, x):
        x.data[0, 0] = 3
        return x


model = Bad2()
example_inputs = [(torch.randn(3, 3),)]
