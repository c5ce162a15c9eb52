import torch
from torch import nn
from torch.export import Dim
import exportlint.ops


class Model(nn.Module):
    """Token ids -> embeddings -> a bidirectional LSTM -> mean over time.

    nn.LSTM runs its time loop in Python at trace time: export fixes the number of tokens.
    """

    def __init__(self, vocab=50, width=16):
        super().__init__()
        self.embed = nn.Embedding(vocab, width)
        self.encoder = nn.LSTM(width, width, num_layers=1, batch_first=True, bidirectional=True)

    def forward(self, tokens):
        states, _ = exportlint.ops.rnn(self.encoder, self.embed(tokens))  # expect: EXL304
        return states.mean(dim=1)


torch.manual_seed(0)
example_inputs = [
    (torch.randint(0, 50, (2, 7)),),
    (torch.randint(0, 50, (3, 11)),),
    (torch.randint(0, 50, (2, 4)),),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
