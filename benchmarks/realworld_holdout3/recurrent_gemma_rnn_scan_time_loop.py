# Source: huggingface/transformers src/transformers/models/recurrent_gemma/modeling_recurrent_gemma.py
#   (transformers 5.24; RecurrentGemmaRglru._rnn_scan, the linear-mode branch taken on a prompt,
#   cut to the part that matters): `recurrent_gate = recurrent_gate * ~reset`, `if
#   hidden_states.shape[1] == 1: ...` (sampling mode) `else: if recurrent_states is None:
#   recurrent_states = torch.zeros(hidden_states[:, 0].shape, dtype=acc_dtype, ...)`,
#   `contextualized_states = torch.zeros_like(hidden_states)`, `for t in
#   range(hidden_states.shape[1]): recurrent_states = recurrent_gate[:, t].type(acc_dtype) *
#   recurrent_states...; recurrent_states = recurrent_states + hidden_states[:, t].type(acc_dtype);
#   contextualized_states[:, t] = recurrent_states.type(hidden_states.dtype)`.
# What fails: the scan is a Python loop over the dynamic sequence length: export unrolls it at
#   the traced length and the sequence dimension is specialised (Constraints violated).
# Measured (torch 2.13, verification worker): export: UserError: Constraints violated (s)! You
#   marked s as dynamic but your code specialized it to be a constant (6).
import torch
from torch import nn
from torch.export import Dim


class Rglru(nn.Module):
    def __init__(self, dim=8):
        super().__init__()
        self.input_gate = nn.Linear(dim, dim)
        self.recurrent_gate = nn.Linear(dim, dim)
        self.recurrent_param = nn.Parameter(torch.linspace(0.5, 2.0, dim))

    def _rnn_scan(self, hidden_states, recurrent_gate, reset, recurrent_states=None, acc_dtype=torch.float32):
        recurrent_gate = recurrent_gate * ~reset
        if hidden_states.shape[1] == 1:
            if recurrent_states is None:
                return hidden_states, hidden_states[:, 0].type(acc_dtype)
            contextualized_states = recurrent_gate.type(acc_dtype) * recurrent_states[:, None]
            contextualized_states += hidden_states.type(acc_dtype)
            return contextualized_states.type(hidden_states.dtype), contextualized_states[:, -1]
        if recurrent_states is None:
            recurrent_states = torch.zeros(hidden_states[:, 0].shape, dtype=acc_dtype, device=hidden_states.device)
        contextualized_states = torch.zeros_like(hidden_states)
        for t in range(hidden_states.shape[1]):  # expect: EXL401
            recurrent_states = recurrent_gate[:, t].type(acc_dtype) * recurrent_states
            recurrent_states = recurrent_states + hidden_states[:, t].type(acc_dtype)
            contextualized_states[:, t] = recurrent_states.type(hidden_states.dtype)
        return contextualized_states, recurrent_states

    def forward(self, activations, position_ids):
        reset = position_ids[:, :, None] == 0
        gate_x = torch.sigmoid(self.input_gate(activations))
        gate_a = torch.sigmoid(self.recurrent_gate(activations))
        log_recurrent_gate = -8.0 * gate_a * nn.functional.softplus(self.recurrent_param)
        recurrent_gate = torch.exp(log_recurrent_gate)
        multiplier = torch.sqrt(1 - torch.exp(2 * log_recurrent_gate))
        multiplier = reset + ~reset * multiplier
        normalized_x = gate_x * multiplier.type(activations.dtype) * activations
        y, last = self._rnn_scan(normalized_x, recurrent_gate, reset)
        return y, last


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.rglru = Rglru()

    def forward(self, activations, position_ids):
        return self.rglru(activations, position_ids)


torch.manual_seed(0)
example_inputs = [
    (torch.randn(2, 6, 8), torch.arange(6).expand(2, 6)),
    (torch.randn(3, 11, 8), torch.arange(11).expand(3, 11)),
    (torch.randn(2, 4, 8), torch.arange(4).expand(2, 4)),
]
b, s = Dim("b"), Dim("s")
dynamic_shapes = ({0: b, 1: s}, {0: b, 1: s})
