"""A constant drawn from Python's `random` at every call: torch.export bakes the traced call's
value; two eager runs differ, which is reported as nondeterminism."""

import random

import torch


class Model(torch.nn.Module):
    def forward(self, x):
        return x * random.random()


model = Model()
example_inputs = [(torch.randn(2, 3),), (torch.randn(4, 3),)]
