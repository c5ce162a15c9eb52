# Source: NVIDIA/tacotron2 model.py (Decoder.inference): `mel_outputs, gate_outputs, alignments =
#   [], [], []`, `while True: decoder_input = self.prenet(decoder_input); mel_output, gate_output,
#   alignment = self.decode(decoder_input); ... if torch.sigmoid(gate_output.data) >
#   self.gate_threshold: break`; training-time `Decoder.forward` loops `while len(mel_outputs) <
#   decoder_inputs.size(0) - 1:` over the dynamic number of frames.
# What fails: a Python loop bounded by the dynamic frame count: torch.export unrolls it and
#   specialises the length.
import torch
from torch import nn
from torch.export import Dim


class Decoder(nn.Module):
    def __init__(self, n_mel=4, rnn=6):
        super().__init__()
        self.cell = nn.GRUCell(n_mel, rnn)
        self.proj = nn.Linear(rnn, n_mel)

    def forward(self, decoder_inputs):
        decoder_inputs = decoder_inputs.transpose(0, 1)
        hidden = decoder_inputs.new_zeros(decoder_inputs.size(1), self.cell.hidden_size)
        mel_outputs = []
        while len(mel_outputs) < decoder_inputs.size(0) - 1:  # expect: EXL102
            decoder_input = decoder_inputs[len(mel_outputs)]
            hidden = self.cell(decoder_input, hidden)
            mel_outputs += [self.proj(hidden)]
        return torch.stack(mel_outputs).transpose(0, 1)


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.decoder = Decoder()

    def forward(self, mels):
        return self.decoder(mels)


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 5, 4),), (torch.randn(1, 7, 4),), (torch.randn(3, 4, 4),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
