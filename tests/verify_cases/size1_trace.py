"""The traced (first) input set has a batch of 1, on a dimension that varies: warned."""

import torch


class Model(torch.nn.Module):
    def forward(self, x):
        return x.softmax(dim=-1)


example_inputs = [(torch.randn(1, 4),), (torch.randn(3, 4),)]
