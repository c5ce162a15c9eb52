# Source: pytorch/tutorials beginner_source/chatbot_tutorial.py (EncoderRNN.forward, paraphrased):
#   `embedded = self.embedding(input_seq)`, `packed = nn.utils.rnn.pack_padded_sequence(embedded,
#   input_lengths.cpu())`, `outputs, hidden = self.gru(packed, hidden)`, `outputs, _ =
#   nn.utils.rnn.pad_packed_sequence(outputs)`, `outputs = outputs[:, :, :self.hidden_size] +
#   outputs[:, : ,self.hidden_size:]`, `return outputs, hidden`.
# What fails: packing a padded batch by its lengths (`pack_padded_sequence` with the lengths
#   tensor) makes the packed data size depend on the lengths' values.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, vocab=30, hidden_size=8):
        super().__init__()
        self.hidden_size = hidden_size
        self.embedding = nn.Embedding(vocab, hidden_size)
        self.gru = nn.GRU(hidden_size, hidden_size, 1, bidirectional=True)

    def forward(self, input_seq, input_lengths):
        embedded = self.embedding(input_seq)
        packed = nn.utils.rnn.pack_padded_sequence(embedded, input_lengths.cpu())  # expect: NONE-pack-padded-sequence
        outputs, hidden = self.gru(packed)
        outputs, _ = nn.utils.rnn.pad_packed_sequence(outputs)
        outputs = outputs[:, :, : self.hidden_size] + outputs[:, :, self.hidden_size :]
        return outputs, hidden


torch.manual_seed(0)
example_inputs = [
    (torch.randint(1, 30, (6, 2)), torch.tensor([6, 4])),
    (torch.randint(1, 30, (9, 3)), torch.tensor([9, 9, 2])),
    (torch.randint(1, 30, (5, 4)), torch.tensor([5, 3, 3, 1])),
]
b = Dim("batch")
dynamic_shapes = ({0: Dim.DYNAMIC, 1: b}, {0: b})
