# Source: huggingface/transformers src/transformers/models/rwkv/modeling_rwkv.py
#   (rwkv_linear_attention_cpu, the fallback used without the CUDA kernel): `_, seq_length, _ =
#   key.size()`, `output = torch.zeros_like(key)`, `num_state = torch.zeros_like(key[:, 0],
#   dtype=torch.float32)`, ..., `for current_index in range(seq_length): current_key = key[:,
#   current_index].float(); current_value = value[:, current_index]; ...; output[:, current_index] =
#   (numerator / denominator).to(output.dtype)`.
# What fails: the Python loop over the dynamic sequence length unrolls at trace time.
import torch
from torch import nn
from torch.export import Dim


def rwkv_linear_attention_cpu(time_decay, time_first, key, value, state=None, return_state=False):
    _, seq_length, _ = key.size()
    output = torch.zeros_like(key)
    if state is None:
        num_state = torch.zeros_like(key[:, 0], dtype=torch.float32)
        den_state = torch.zeros_like(key[:, 0], dtype=torch.float32)
        max_state = torch.zeros_like(key[:, 0], dtype=torch.float32) - 1e38
    else:
        num_state, den_state, max_state = state
    time_decay = -torch.exp(time_decay)
    for current_index in range(seq_length):  # expect: EXL401
        current_key = key[:, current_index].float()
        current_value = value[:, current_index]
        max_for_output = torch.maximum(max_state, current_key + time_first)
        e1 = torch.exp(max_state - max_for_output)
        e2 = torch.exp(current_key + time_first - max_for_output)
        numerator = e1 * num_state + e2 * current_value
        denominator = e1 * den_state + e2
        output[:, current_index] = (numerator / denominator).to(output.dtype)
        max_for_state = torch.maximum(max_state + time_decay, current_key)
        e1 = torch.exp(max_state + time_decay - max_for_state)
        e2 = torch.exp(current_key - max_for_state)
        num_state = e1 * num_state + e2 * current_value
        den_state = e1 * den_state + e2
        max_state = max_for_state
    if return_state or state is not None:
        state = [num_state, den_state, max_state]
    return output, state


class Model(nn.Module):
    def __init__(self, dim=8):
        super().__init__()
        self.time_decay = nn.Parameter(torch.randn(dim))
        self.time_first = nn.Parameter(torch.randn(dim))
        self.key = nn.Linear(dim, dim, bias=False)
        self.value = nn.Linear(dim, dim, bias=False)

    def forward(self, hidden):
        rwkv, _ = rwkv_linear_attention_cpu(self.time_decay, self.time_first, self.key(hidden), self.value(hidden))
        return rwkv


torch.manual_seed(0)
example_inputs = [(torch.randn(2, 5, 8),), (torch.randn(1, 9, 8),), (torch.randn(3, 4, 8),)]
dynamic_shapes = ({0: Dim.DYNAMIC, 1: Dim.DYNAMIC},)
