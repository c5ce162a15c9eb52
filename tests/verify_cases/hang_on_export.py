"""Hangs while torch.export traces it (eager is fine): the per-model timeout must stop it."""

import time

import torch
from torch.export import Dim


class Model(torch.nn.Module):
    def forward(self, x):
        if torch.compiler.is_exporting():
            time.sleep(3600)
        return x * 2


example_inputs = [(torch.randn(3, 4),), (torch.randn(5, 4),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
