import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    """Two-scale smoothing: the coarse path pools by 2 and repeats back, which drops the last
    frame of an odd-length input; the fine path is cropped to match only when the lengths
    differ. Traced on an even length, export keeps "no crop", and an odd length then adds
    tensors of different lengths."""

    def __init__(self, channels=4):
        super().__init__()
        self.fine = nn.Conv1d(channels, channels, 3, padding=1)
        self.coarse = nn.Conv1d(channels, channels, 3, padding=1)

    def forward(self, x):
        coarse = self.coarse(nn.functional.avg_pool1d(x, 2)).repeat_interleave(2, dim=-1)
        fine = self.fine(x)
        excess = fine.shape[-1] - coarse.shape[-1]
        fine = fine.index_select(2, torch.arange(0, fine.shape[-1] - excess, device=fine.device))  # expect: EXL102
        return fine + coarse


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 4, 10),), (torch.randn(3, 4, 7),), (torch.randn(1, 4, 13),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC},)
