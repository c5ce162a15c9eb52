import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    """The seq2seq tutorial's encoder, batch first, with the hidden state handed in by the
    caller (streaming): GRU unrolls its time loop, export fixes the number of tokens."""

    def __init__(self, vocab=40, hidden_size=8):
        super().__init__()
        self.embedding = nn.Embedding(vocab, hidden_size)
        self.gru = nn.GRU(hidden_size, hidden_size, batch_first=True)

    def forward(self, tokens, hidden):
        embedded = self.embedding(tokens)
        output, hidden = self.gru(embedded, hidden)  # expect: EXL304
        return output, hidden


torch.manual_seed(0)
example_inputs = [
    (torch.randint(0, 40, (2, 6)), torch.randn(1, 2, 8)),
    (torch.randint(0, 40, (3, 11)), torch.randn(1, 3, 8)),
    (torch.randint(0, 40, (2, 4)), torch.randn(1, 2, 8)),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC}, {1: Dim.DYNAMIC})
