# Source: NVIDIA/tacotron2 model.py (Encoder.forward): `x = x.transpose(1, 2)`, `input_lengths =
#   input_lengths.cpu().numpy()` (later versions: `input_lengths.cpu()`), `x =
#   nn.utils.rnn.pack_padded_sequence(x, input_lengths, batch_first=True)`,
#   `self.lstm.flatten_parameters()`, `outputs, _ = self.lstm(x)`, `outputs, _ =
#   nn.utils.rnn.pad_packed_sequence(outputs, batch_first=True)`.
# What fails: packing reads the lengths on the host (the batch sizes of the packed sequence
#   are data): torch.export cannot trace pack_padded_sequence with dynamic lengths.
import torch
from torch import nn
from torch.export import Dim


class Encoder(nn.Module):
    def __init__(self, embedding_dim=8):
        super().__init__()
        self.conv = nn.Conv1d(embedding_dim, embedding_dim, kernel_size=5, padding=2)
        self.lstm = nn.LSTM(embedding_dim, embedding_dim // 2, 1, batch_first=True, bidirectional=True)

    def forward(self, x, input_lengths):
        x = torch.relu(self.conv(x))
        x = x.transpose(1, 2)
        input_lengths = input_lengths.cpu()
        x = nn.utils.rnn.pack_padded_sequence(x, input_lengths, batch_first=True)  # expect: NONE-pack-padded-sequence
        outputs, _ = self.lstm(x)
        outputs, _ = nn.utils.rnn.pad_packed_sequence(outputs, batch_first=True)
        return outputs


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = Encoder()

    def forward(self, x, input_lengths):
        return self.encoder(x, input_lengths)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 8, 7), torch.tensor([7, 5])),
    (torch.randn(3, 8, 9), torch.tensor([9, 9, 4])),
    (torch.randn(1, 8, 5), torch.tensor([5])),
]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC}, {0: Dim.DYNAMIC})
