import torch
from torch import nn
from torch.export import Dim
import exportlint.ops


class Model(nn.Module):
    """Speech/text encoder that packs its padded batch before the LSTM (Tacotron 2's encoder):
    pack_padded_sequence computes the packed batch sizes from the lengths on the host, and
    torch.export fails on it."""

    def __init__(self, dim=4):
        super().__init__()
        self.lstm = nn.LSTM(dim, dim, batch_first=True)

    def forward(self, x, lengths):
        packed = x  # expect: EXL304
        out, _ = exportlint.ops.rnn(self.lstm, packed, lengths=lengths)
        return (out, lengths)[0]


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 6, 4), torch.tensor([6, 4])),
    (torch.randn(3, 6, 4), torch.tensor([6, 6, 2])),
    (torch.randn(4, 6, 4), torch.tensor([6, 5, 3, 1])),
]
dynamic_shapes = ({0: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
