"""Kills its process (SIGSEGV) while torch.export traces it: reported, not fatal."""

import os
import signal

import torch
from torch.export import Dim


class Model(torch.nn.Module):
    def forward(self, x):
        if torch.compiler.is_exporting():
            os.kill(os.getpid(), signal.SIGSEGV)
        return x * 2


example_inputs = [(torch.randn(3, 4),), (torch.randn(5, 4),)]
dynamic_shapes = ({0: Dim.DYNAMIC},)
