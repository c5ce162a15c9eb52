import torch
import torch.nn.functional as F
from torch.export import Dim


class Model(torch.nn.Module):
    """Long inputs use banded (local) attention, short ones full attention, chosen by torch.cond."""

    def __init__(self):
        super().__init__()
        self.max_frames = 16
        self.window = 4
        self.qkv = torch.nn.Linear(8, 24)
        self.out = torch.nn.Linear(8, 8)

    def forward(self, x):
        # x: (batch, frames, 8)
        q, k, v = self.qkv(x).chunk(3, dim=-1)
        scores = q @ k.transpose(1, 2) * (8**-0.5)
        # like ExportDB cond_predicate: the last operand of a bare `and` is not bool()-ed
        use_local = x.dim() == 3 and x.shape[1] > self.max_frames

        def local(scores):
            i = torch.arange(scores.shape[-1])
            band = (i[:, None] - i[None, :]).abs() <= self.window
            return scores.masked_fill(~band, -1e4)

        def full(scores):
            return scores.clone()

        scores = torch.cond(use_local, local, full, (scores,))
        return self.out(F.softmax(scores, dim=-1) @ v)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 24, 8),),
    (torch.randn(3, 10, 8),),
    (torch.randn(2, 40, 8),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
