import torch
from torch.export import Dim
import exportlint.ops


class Model(torch.nn.Module):
    """A time-major GRU over audio frames (seq, batch, features), then the last state."""

    def __init__(self):
        super().__init__()
        self.rnn = torch.nn.GRU(10, 12, 2)
        self.head = torch.nn.Linear(12, 3)

    def forward(self, frames):
        out, last = exportlint.ops.rnn(self.rnn, frames)  # expect: EXL304
        return self.head(last[-1]) + out.mean(0).sum(-1, keepdim=True)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(6, 2, 10),),
    (torch.randn(9, 3, 10),),
    (torch.randn(4, 2, 10),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
