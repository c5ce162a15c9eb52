# Source: timeseriesAI/tsai tsai/models/RNN.py (_RNN_Base and LSTM; the same forward is in the
#   RNN_FCN / RNNPlus / *InceptionTime hybrids found by the code search): `self.rnn =
#   self._cell(c_in, hidden_size, num_layers=n_layers, bias=bias, batch_first=True,
#   dropout=rnn_dropout, bidirectional=bidirectional)`, `self.fc = nn.Linear(hidden_size * (1 +
#   bidirectional), c_out)`; `def forward(self, x): x = x.transpose(2,1)  # [batch_size x n_vars x
#   seq_len] --> [batch_size x seq_len x n_vars]; output, _ = self.rnn(x)  # output from all
#   sequence steps; output = output[:, -1]  # output from last sequence step; output =
#   self.fc(self.dropout(output)); return output`; `class LSTM(_RNN_Base): _cell = nn.LSTM`.
# What fails: an nn.LSTM run over the time axis of a series whose length is dynamic: export
#   unrolls the recurrence at the traced length.
# Measured (torch 2.13, verification worker): export: UserError: Constraints violated
#   (L['x'].size()[2])! ... specialized it to be a constant (10).
import torch
from torch import nn
from torch.export import Dim


class _RNN_Base(nn.Module):
    _cell = nn.LSTM

    def __init__(self, c_in, c_out, hidden_size=8, n_layers=1, bias=True, rnn_dropout=0, bidirectional=False, fc_dropout=0.0):
        super().__init__()
        self.rnn = self._cell(c_in, hidden_size, num_layers=n_layers, bias=bias, batch_first=True, dropout=rnn_dropout, bidirectional=bidirectional)
        self.dropout = nn.Dropout(fc_dropout) if fc_dropout else nn.Identity()
        self.fc = nn.Linear(hidden_size * (1 + bidirectional), c_out)

    def forward(self, x):
        x = x.transpose(2, 1)
        output, _ = self.rnn(x)  # expect: EXL304
        output = output[:, -1]
        return self.fc(self.dropout(output))


class LSTM(_RNN_Base):
    _cell = nn.LSTM


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = LSTM(c_in=3, c_out=2)

    def forward(self, x):
        return self.net(x)


torch.manual_seed(0)
example_inputs = [(torch.randn(4, 3, 10),), (torch.randn(2, 3, 17),), (torch.randn(3, 3, 6),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 2: Dim.DYNAMIC},)
