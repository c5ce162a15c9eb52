import torch
from torch import nn
from torch.export import Dim
import exportlint.ops


class Model(nn.Module):
    """The same attention decoder fed the whole target sequence at once (teacher forcing):
    the GRU's time axis is the target length, dynamic."""

    def __init__(self, hidden_size=8, output_size=10):
        super().__init__()
        self.embedding = nn.Embedding(output_size, hidden_size)
        self.gru = nn.GRU(2 * hidden_size, hidden_size, batch_first=True)
        self.out = nn.Linear(hidden_size, output_size)

    def forward(self, encoder_outputs, targets):
        embedded = self.embedding(targets)
        weights = torch.softmax(torch.bmm(embedded, encoder_outputs.transpose(1, 2)), dim=-1)
        context = torch.bmm(weights, encoder_outputs)
        output, _ = exportlint.ops.rnn(self.gru, torch.cat((embedded, context), dim=2))  # expect: EXL304
        return self.out(output)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 5, 8), torch.randint(0, 10, (2, 4))),
    (torch.randn(3, 7, 8), torch.randint(0, 10, (3, 6))),
    (torch.randn(4, 3, 8), torch.randint(0, 10, (4, 2))),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC}, {0: Dim.DYNAMIC, 1: Dim.DYNAMIC})
