# Source: NVIDIA/tacotron2 model.py (Decoder.inference, paraphrased): `decoder_input =
#   self.get_go_frame(memory)`, `self.initialize_decoder_states(memory, mask=None)`, `mel_outputs,
#   gate_outputs, alignments = [], [], []`, `while True: decoder_input = self.prenet(decoder_input);
#   mel_output, gate_output, alignment = self.decode(decoder_input); mel_outputs +=
#   [mel_output.squeeze(1)]; gate_outputs += [gate_output]; ...; if torch.sigmoid(gate_output.data)
#   > self.gate_threshold: break; elif len(mel_outputs) == self.max_decoder_steps: print("Warning!
#   Reached max decoder steps"); break; decoder_input = mel_output`.
# What fails: the autoregressive loop stops when the predicted stop gate crosses a threshold, a
#   Python test on a tensor value (read through `.data`): the number of frames is data-dependent.
import torch
from torch import nn
from torch.export import Dim


class Model(nn.Module):
    def __init__(self, n_mel=4, dim=8, max_decoder_steps=6, gate_threshold=0.5):
        super().__init__()
        self.n_mel = n_mel
        self.max_decoder_steps = max_decoder_steps
        self.gate_threshold = gate_threshold
        self.prenet = nn.Linear(n_mel, dim)
        self.rnn = nn.GRUCell(2 * dim, dim)
        self.proj = nn.Linear(dim, n_mel)
        self.gate = nn.Linear(dim, 1)

    def forward(self, memory):
        context = memory.mean(dim=1)
        hidden = torch.zeros_like(context)
        decoder_input = memory.new_zeros(memory.size(0), self.n_mel)
        mel_outputs = []
        while True:
            hidden = self.rnn(torch.cat([self.prenet(decoder_input), context], dim=-1), hidden)
            mel_output, gate_output = self.proj(hidden), self.gate(hidden)
            mel_outputs += [mel_output]
            if torch.sigmoid(gate_output.data) > self.gate_threshold:  # expect: EXL101
                break
            elif len(mel_outputs) == self.max_decoder_steps:
                break
            decoder_input = mel_output
        return torch.stack(mel_outputs, dim=1)


torch.manual_seed(0)
example_inputs = [(torch.randn(1, 5, 8),), (torch.randn(1, 9, 8) * 3,), (torch.randn(1, 3, 8) - 1,)]
dynamic_shapes = ({1: Dim.DYNAMIC},)
