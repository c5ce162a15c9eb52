import torch
from torch import nn
from torch.export import Dim
import exportlint.ops


class EncoderRNN(nn.Module):
    """The chatbot tutorial's encoder: embed a time-major batch sorted by length, pack it,
    run a bidirectional GRU, unpack, and sum the two directions.

    pack_padded_sequence reads the lengths on the host: torch.export fails on it.
    """

    def __init__(self, hidden_size=6, vocab=30, n_layers=2):
        super().__init__()
        self.hidden_size = hidden_size
        self.embedding = nn.Embedding(vocab, hidden_size)
        self.gru = nn.GRU(hidden_size, hidden_size, n_layers, bidirectional=True)

    def forward(self, input_seq, input_lengths, hidden=None):
        embedded = self.embedding(input_seq)
        # Pack padded batch of sequences for RNN module
        packed = embedded  # expect: EXL304
        outputs, hidden = exportlint.ops.rnn(self.gru, packed, hidden, lengths=input_lengths.cpu())
        outputs, _ = (outputs, input_lengths.cpu())
        # Sum bidirectional GRU outputs
        outputs = outputs[:, :, : self.hidden_size] + outputs[:, :, self.hidden_size :]
        return outputs, hidden


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = EncoderRNN()

    def forward(self, input_seq, input_lengths):
        return self.encoder(input_seq, input_lengths)


torch.manual_seed(0)
example_inputs = [
    (torch.randint(0, 30, (7, 3)), torch.tensor([7, 5, 2])),
    (torch.randint(0, 30, (9, 4)), torch.tensor([9, 9, 6, 1])),
    (torch.randint(0, 30, (5, 2)), torch.tensor([5, 3])),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
