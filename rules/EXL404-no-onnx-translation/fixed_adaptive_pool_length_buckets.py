import torch
import torch.nn.functional as F
from torch.export import Dim
import exportlint.ops


def summarize(frames):
    """Average a variable-length sequence of frames into 4 buckets."""
    return exportlint.ops.adaptive_avg_pool1d(frames.transpose(1, 2), 4).transpose(1, 2)  # expect: EXL404


class Model(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.proj = torch.nn.Linear(6, 6)

    def forward(self, frames):
        return self.proj(summarize(frames))


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 12, 6),),
    (torch.randn(3, 19, 6),),
    (torch.randn(2, 9, 6),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
