# Source: huggingface/transformers src/transformers/models/rwkv/modeling_rwkv.py
#   (rwkv_linear_attention_cpu, paraphrased): `_, seq_length, _ = key.size()`, `output =
#   torch.zeros_like(key)`, `if state is None: num_state = torch.zeros_like(key[:, 0], dtype=
#   torch.float32); den_state = ...; max_state = ... - 1e38`, `time_decay = -torch.exp(time_decay)`,
#   `for current_index in range(key.size(1)): current_key = key[:, current_index].float();
#   current_value = value[:, current_index]; max_for_output = torch.maximum(max_state,
#   current_key + time_first); e1 = torch.exp(max_state - max_for_output); ...;
#   output[:, current_index] = ((e1 * num_state + e2 * current_value) / (e1 * den_state +
#   e2)).to(output.dtype)`, then the state update.
# What fails: the recurrence loops over the dynamic sequence length in Python; export unrolls
#   it for the traced length only.
import torch
from torch import nn
from torch.export import Dim


def rwkv_linear_attention_cpu(time_decay, time_first, key, value):
    output = torch.zeros_like(key)
    num_state = torch.zeros_like(key[:, 0], dtype=torch.float32)
    den_state = torch.zeros_like(key[:, 0], dtype=torch.float32)
    max_state = torch.zeros_like(key[:, 0], dtype=torch.float32) - 1e38
    time_decay = -torch.exp(time_decay)
    for current_index in range(key.size(1)):  # expect: EXL401
        current_key = key[:, current_index].float()
        current_value = value[:, current_index]
        max_for_output = torch.maximum(max_state, current_key + time_first)
        e1 = torch.exp(max_state - max_for_output)
        e2 = torch.exp(current_key + time_first - max_for_output)
        output[:, current_index] = ((e1 * num_state + e2 * current_value) / (e1 * den_state + e2)).to(output.dtype)
        max_for_state = torch.maximum(max_state + time_decay, current_key)
        e1 = torch.exp(max_state + time_decay - max_for_state)
        e2 = torch.exp(current_key - max_for_state)
        num_state = e1 * num_state + e2 * current_value
        den_state = e1 * den_state + e2
        max_state = max_for_state
    return output


class Model(nn.Module):
    def __init__(self, dim=8):
        super().__init__()
        self.key = nn.Linear(dim, dim)
        self.value = nn.Linear(dim, dim)
        self.time_decay = nn.Parameter(torch.randn(dim) * 0.1)
        self.time_first = nn.Parameter(torch.randn(dim) * 0.1)

    def forward(self, hidden):
        return rwkv_linear_attention_cpu(self.time_decay, self.time_first, self.key(hidden), self.value(hidden))


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 5, 8),), (torch.randn(3, 9, 8),), (torch.randn(1, 3, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
