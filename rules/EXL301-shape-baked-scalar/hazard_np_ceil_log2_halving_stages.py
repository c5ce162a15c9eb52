import numpy as np
import torch
from torch.export import Dim


class Model(torch.nn.Module):
    """Multi-resolution encoder: the sequence is halved until one frame is left, which
    takes ceil(log2(T)) stages; each stage contributes a learned gain to the summary."""

    def __init__(self, dim=4, max_stages=10):
        super().__init__()
        self.stage_gain = torch.nn.Parameter(torch.linspace(1.0, 0.1, max_stages))

    def forward(self, frames):
        length = frames.shape[1]
        stages = int(np.ceil(np.log2(length)))  # expect: EXL301
        summary = frames.mean(dim=1)
        return summary[:, None, :] * self.stage_gain[:stages, None]


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 10, 4),),
    (torch.randn(3, 17, 4),),
    (torch.randn(2, 32, 4),),
    (torch.randn(1, 6, 4),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
