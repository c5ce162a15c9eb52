# Source: pytorch/tutorials intermediate_source/seq2seq_translation_tutorial.py (EncoderRNN,
#   AttnDecoderRNN.forward and BahdanauAttention, paraphrased): `self.gru = nn.GRU(hidden_size,
#   hidden_size, batch_first=True)`, `encoder_outputs, encoder_hidden = encoder(input_tensor)`,
#   `decoder_input = torch.empty(batch_size, 1, dtype=torch.long, device=device).fill_(SOS_token)`,
#   `decoder_hidden = encoder_hidden`, `for i in range(MAX_LENGTH): decoder_output, decoder_hidden,
#   attn_weights = self.forward_step(decoder_input, decoder_hidden, encoder_outputs);
#   decoder_outputs.append(decoder_output); ... _, topi = decoder_output.topk(1); decoder_input =
#   topi.squeeze(-1).detach()`, `decoder_outputs = F.log_softmax(torch.cat(decoder_outputs, dim=1),
#   dim=-1)`.
# What fails: not the greedy loop (a constant `MAX_LENGTH` steps, no data-dependent stop; the
#   decoder GRU runs on one step at a time) but the encoder: nn.GRU over the dynamic source length
#   specialises that length in torch.export (measured on torch 2.13: `Constraints violated ...
#   specialized it to be a constant`, also for a bare nn.GRU).
import torch
import torch.nn.functional as F
from torch import nn
from torch.export import Dim

MAX_LENGTH = 4
SOS_token = 0


class Model(nn.Module):
    def __init__(self, vocab=20, hidden_size=8):
        super().__init__()
        self.embedding = nn.Embedding(vocab, hidden_size)
        self.encoder = nn.GRU(hidden_size, hidden_size, batch_first=True)
        self.Wa = nn.Linear(hidden_size, hidden_size)
        self.Ua = nn.Linear(hidden_size, hidden_size)
        self.Va = nn.Linear(hidden_size, 1)
        self.gru = nn.GRU(2 * hidden_size, hidden_size, batch_first=True)
        self.out = nn.Linear(hidden_size, vocab)

    def forward_step(self, input, hidden, encoder_outputs):
        embedded = self.embedding(input)
        query = hidden.permute(1, 0, 2)
        scores = self.Va(torch.tanh(self.Wa(query) + self.Ua(encoder_outputs))).squeeze(2).unsqueeze(1)
        weights = F.softmax(scores, dim=-1)
        context = torch.bmm(weights, encoder_outputs)
        output, hidden = self.gru(torch.cat((embedded, context), dim=2), hidden)
        return self.out(output), hidden

    def forward(self, src):
        encoder_outputs, encoder_hidden = self.encoder(self.embedding(src))  # expect: NONE-rnn-over-dynamic-length
        batch_size = encoder_outputs.size(0)
        decoder_input = torch.empty(batch_size, 1, dtype=torch.long).fill_(SOS_token)
        decoder_hidden = encoder_hidden
        decoder_outputs = []
        for i in range(MAX_LENGTH):
            decoder_output, decoder_hidden = self.forward_step(decoder_input, decoder_hidden, encoder_outputs)
            decoder_outputs.append(decoder_output)
            _, topi = decoder_output.topk(1)
            decoder_input = topi.squeeze(-1).detach()
        return F.log_softmax(torch.cat(decoder_outputs, dim=1), dim=-1)


torch.manual_seed(0)
example_inputs = [(torch.randint(1, 20, (2, 6)),), (torch.randint(1, 20, (3, 9)),), (torch.randint(1, 20, (4, 3)),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
